// Normalizes each row of X ([N, C] or [C]) to float32, as onnxruntime does:
//   MAX  x / max(x)                 (the largest value, not magnitude)
//   L1   x / sum |x|
//   L2   sign(x) * sqrt(x^2 / sum x^2)
// A row whose max or sum is 0 is copied unchanged.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'Normalizer', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

var NORMS = ['MAX', 'L1', 'L2'];

function normOf(attrs: any): number {
  var k = NORMS.indexOf(attrs.norm === undefined ? 'MAX' : attrs.norm);
  if (k < 0) fail('norm must be one of MAX, L1, L2, got ' + attrs.norm);
  return k;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  if (x.shape.length !== 1 && x.shape.length !== 2) fail('X must be [N, C] or [C], got [' + x.shape + ']');
  normOf(node.attrs);
  return [{ dtype: FLOAT, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var C = X.shape[X.shape.length - 1], N = X.shape.length === 2 ? X.shape[0] : 1, norm = normOf(node.attrs);
  return function () {
    for (var n = 0; n < N; n++) {
      var o = n * C, s = norm === 0 ? -Infinity : 0, c: number, v: number;
      for (c = 0; c < C; c++) {
        v = x[o + c];
        if (norm === 0) { if (v > s) s = v; } else s += norm === 1 ? Math.abs(v) : v * v;
      }
      for (c = 0; c < C; c++) {
        v = x[o + c];
        y[o + c] = s === 0 ? v : norm === 2 ? (v < 0 ? -Math.sqrt(v * v / s) : Math.sqrt(v * v / s)) : v / s;
      }
    }
  };
}
