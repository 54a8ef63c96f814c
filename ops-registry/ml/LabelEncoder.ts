// Maps each X entry through keys -> values, or to the default when it is no key. Numeric keys
// and values only: keys_int64s / keys_floats / keys_tensor with values_int64s / values_floats /
// values_tensor (opset 2+; opset 4 adds the tensors and default_tensor). String keys or values,
// and opset 1 (classes_strings), are not supported.
import { Meta, Infer, Node, fail } from '../kernel';
import { makeLookup, lookup } from '../util/ml-lookup';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'LabelEncoder', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32', 'int16'] };

function table(attrs: any, opset: number) {
  var a = attrs;
  if (opset < 2) fail('LabelEncoder opset 1 maps strings to integers; strings are not supported');
  if ((a.keys_strings && a.keys_strings.length) || (a.values_strings && a.values_strings.length) || a.classes_strings)
    fail('string keys or values are not supported (numeric LabelEncoder only)');
  var kt = opset >= 4 ? a.keys_tensor : undefined, vt = opset >= 4 ? a.values_tensor : undefined;
  if ((kt && kt.dtype === 8) || (vt && vt.dtype === 8)) fail('string keys or values are not supported (numeric LabelEncoder only)');
  var keys: ArrayLike<number> = kt ? kt.data : a.keys_int64s || a.keys_floats || [];
  var kType = kt ? kt.dtype : a.keys_int64s ? INT32 : FLOAT;
  var vals: ArrayLike<number> = vt ? vt.data : a.values_int64s || a.values_floats || [];
  var vType = vt ? vt.dtype : a.values_int64s ? INT32 : FLOAT;
  if (!keys.length || keys.length !== vals.length) fail('keys and values must be given and have the same length');
  var def = opset >= 4 && a.default_tensor ? a.default_tensor.data[0] :
    vType === FLOAT || vType === DOUBLE ? (a.default_float === undefined ? -0 : a.default_float) :
    (a.default_int64 === undefined ? -1 : a.default_int64);
  return { keys: keys, kType: kType, vals: vals, vType: vType, def: def };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, t = table(node.attrs, node.opset);
  var xf = x.dtype === FLOAT || x.dtype === DOUBLE, kf = t.kType === FLOAT || t.kType === DOUBLE;
  if (xf !== kf) fail('X is ' + DTYPE_NAME[x.dtype] + ' but the keys are ' + DTYPE_NAME[t.kType]);
  return [{ dtype: t.vType, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data, n = x.length;
  var t = table(node.attrs, node.opset), L = makeLookup(t.keys), def = t.def;
  var vals = new Float64Array(t.vals.length);
  for (var i = 0; i < vals.length; i++) vals[i] = t.vals[i];
  return function () {
    for (var i = 0; i < n; i++) {
      var j = lookup(L, x[i]);
      y[i] = j >= 0 ? vals[j] : def;
    }
  };
}
