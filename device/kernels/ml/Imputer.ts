// Replaces entries equal to replaced_value_float / replaced_value_int64 (NaN entries when that
// is NaN) by imputed_value_*, which has one entry or one per entry of X's last axis.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'Imputer', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], attrs: any) {
  var fl: number[] = attrs.imputed_value_floats || [], il: number[] = attrs.imputed_value_int64s || [];
  var vals = fl.length ? fl : il, C = shape.length ? shape[shape.length - 1] : 1;
  if (!vals.length) fail('imputed_value_floats or imputed_value_int64s must be given');
  if (vals.length !== 1 && vals.length !== C) fail('imputed values have ' + vals.length + ' entries; X has ' + C + ' features');
  var rep = fl.length ? (attrs.replaced_value_float === undefined ? 0 : attrs.replaced_value_float) :
    (attrs.replaced_value_int64 === undefined ? 0 : attrs.replaced_value_int64);
  return { C: C, vals: vals, rep: rep };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  params(x.shape, node.attrs);
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, n = y.length;
  var p = params(X.shape, node.attrs), C = p.C, rep = p.rep, nan = rep !== rep;
  var vals = new Float64Array(C);
  for (var c = 0; c < C; c++) vals[c] = p.vals[p.vals.length > 1 ? c : 0];
  return function () {
    for (var i = 0, c = 0; i < n; i++) {
      var v = x[i];
      y[i] = (nan ? v !== v : v === rep) ? vals[c] : v;
      if (++c === C) c = 0;
    }
  };
}
