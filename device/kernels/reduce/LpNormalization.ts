import { Node, fail } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';
import { axisPlan } from './axisPlan';

export var meta: Meta = { op: 'LpNormalization', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// x / ||x||_p along axis (p is 1 or 2); a zero vector stays zero.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var pl = axisPlan(X.shape, node.attrs.axis === undefined ? -1 : node.attrs.axis);
  var outer = pl.outer, n = pl.n, inner = pl.inner, end = n * inner;
  var p = node.attrs.p === undefined ? 2 : node.attrs.p;
  if (p !== 1 && p !== 2) fail('p must be 1 or 2, not ' + p);
  return function () {
    for (var i = 0; i < outer; i++) {
      for (var j = 0; j < inner; j++) {
        var b = i * end + j, e = b + end, s = 0, k, v;
        if (p === 1) for (k = b; k < e; k += inner) { v = x[k]; s += v < 0 ? -v : v; }
        else { for (k = b; k < e; k += inner) { v = x[k]; s += v * v; } s = Math.sqrt(s); }
        s = s === 0 ? 0 : 1 / s;
        for (k = b; k < e; k += inner) y[k] = x[k] * s;
      }
    }
  };
}
