import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';

export var meta: Meta = { op: 'LRN', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// y = x / (bias + alpha / size * sum of x^2 over the channel window)^beta; the window around c
// runs from c - floor((size-1)/2) to c + ceil((size-1)/2), clipped to the channels.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var N = X.shape[0], C = X.shape[1], S = x.length / (N * C) || 0;
  var size = node.attrs.size, lo = Math.floor((size - 1) / 2), hi = Math.ceil((size - 1) / 2);
  var alpha = node.attrs.alpha === undefined ? 1e-4 : node.attrs.alpha;
  var beta = node.attrs.beta === undefined ? 0.75 : node.attrs.beta;
  var bias = node.attrs.bias === undefined ? 1 : node.attrs.bias, k = alpha / size;
  return function () {
    for (var n = 0; n < N; n++) {
      var base = n * C * S;
      for (var c = 0; c < C; c++) {
        var c0 = c - lo < 0 ? 0 : c - lo, c1 = c + hi > C - 1 ? C - 1 : c + hi;
        for (var s = 0; s < S; s++) {
          var q = 0;
          for (var j = c0; j <= c1; j++) { var v = x[base + j * S + s]; q += v * v; }
          var o = base + c * S + s;
          y[o] = x[o] / Math.pow(bias + k * q, beta);
        }
      }
    }
  };
}
