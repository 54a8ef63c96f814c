import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';

export var meta: Meta = { op: 'InstanceNormalization', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// X is N x C x S: each (n, c) plane is normalized by its own mean and variance.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var sc = node.inputs[1]!.data, bi = node.inputs[2]!.data;
  var C = X.shape[1], S = x.length / (X.shape[0] * C) || 0, planes = X.shape[0] * C;
  var eps = node.attrs.epsilon === undefined ? 1e-5 : node.attrs.epsilon;
  return function () {
    for (var p = 0; p < planes; p++) {
      var o = p * S, e = o + S, m = 0, v = 0, i, c = p % C;
      for (i = o; i < e; i++) m += x[i];
      m /= S;
      for (i = o; i < e; i++) { var t = x[i] - m; v += t * t; }
      var a = sc[c] / Math.sqrt(v / S + eps), b = bi[c] - m * a;
      for (i = o; i < e; i++) y[i] = x[i] * a + b;
    }
  };
}
