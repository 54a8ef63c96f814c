import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';
import { softmaxPlan } from './axisPlan';

export var meta: Meta = { op: 'Softmax', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// exp(x - max) / sum: the max keeps exp from overflowing.
export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var p = softmaxPlan(node, node.inputs[0]!.shape), outer = p.outer, n = p.n, inner = p.inner, end = n * inner;
  return function () {
    for (var i = 0; i < outer; i++) {
      for (var j = 0; j < inner; j++) {
        var b = i * end + j, e = b + end, m = -Infinity, s = 0, k, v;
        for (k = b; k < e; k += inner) if (x[k] > m) m = x[k];
        for (k = b; k < e; k += inner) { v = Math.exp(x[k] - m); y[k] = v; s += v; }
        s = 1 / s;
        for (k = b; k < e; k += inner) y[k] *= s;
      }
    }
  };
}
