import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';
import { softmaxPlan } from './axisPlan';

export var meta: Meta = { op: 'Hardmax', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// 1 at the first maximum of each line, 0 elsewhere.
export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var p = softmaxPlan(node, node.inputs[0]!.shape), outer = p.outer, n = p.n, inner = p.inner, end = n * inner;
  return function () {
    for (var i = 0; i < outer; i++) {
      for (var j = 0; j < inner; j++) {
        var b = i * end + j, e = b + end, m = b, k;
        for (k = b; k < e; k += inner) { if (x[k] > x[m]) m = k; y[k] = 0; }
        if (n > 0) y[m] = 1;
      }
    }
  };
}
