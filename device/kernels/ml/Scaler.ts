// Y = (X - offset) * scale as float32; offset and scale have one entry, or one per entry of X's
// last axis.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'Scaler', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], attrs: any) {
  var C = shape.length ? shape[shape.length - 1] : 1;
  var off: number[] = attrs.offset || [0], sc: number[] = attrs.scale || [1];
  if (off.length !== 1 && off.length !== C) fail('offset has ' + off.length + ' entries; X has ' + C + ' features');
  if (sc.length !== 1 && sc.length !== C) fail('scale has ' + sc.length + ' entries; X has ' + C + ' features');
  return { C: C, off: off, sc: sc };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  params(x.shape, node.attrs);
  return [{ dtype: FLOAT, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, n = y.length;
  var p = params(X.shape, node.attrs), C = p.C;
  var off = new Float64Array(C), sc = new Float64Array(C);
  for (var c = 0; c < C; c++) { off[c] = p.off[p.off.length > 1 ? c : 0]; sc[c] = p.sc[p.sc.length > 1 ? c : 0]; }
  return function () {
    for (var i = 0, c = 0; i < n; i++) {
      y[i] = (x[i] - off[c]) * sc[c];
      if (++c === C) c = 0;
    }
  };
}
