import { Node, fail } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';

export var meta: Meta = { op: 'GroupNormalization', domain: '', since: 18, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// X is N x C x S; channels split into num_groups groups, each (n, group) block is normalized by its
// own mean and variance. Scale and bias hold one value per group (opset 18) or per channel (21).
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var sc = node.inputs[1]!.data, bi = node.inputs[2]!.data;
  var N = X.shape[0], C = X.shape[1], G = node.attrs.num_groups;
  if (!(G > 0) || C % G !== 0) fail('num_groups ' + G + ' does not divide the ' + C + ' channels');
  var S = x.length / (N * C) || 0, Cg = C / G, D = Cg * S;
  var perGroup = sc.length === G && node.opset < 21;
  var eps = node.attrs.epsilon === undefined ? 1e-5 : node.attrs.epsilon;
  return function () {
    for (var p = 0; p < N * G; p++) {
      var o = p * D, e = o + D, m = 0, v = 0, i, g = p % G;
      for (i = o; i < e; i++) m += x[i];
      m /= D;
      for (i = o; i < e; i++) { var t = x[i] - m; v += t * t; }
      var inv = 1 / Math.sqrt(v / D + eps);
      for (var k = 0; k < Cg; k++) {
        var c = perGroup ? g : g * Cg + k, a = sc[c] * inv, b = bi[c] - m * a, q = o + k * S;
        for (i = q; i < q + S; i++) y[i] = x[i] * a + b;
      }
    }
  };
}
