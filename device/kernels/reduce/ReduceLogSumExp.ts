import { Node } from '../contract';
import { Meta } from '../infer';
import { inferReduce, reducePrepare } from './reducePlan';

export var meta: Meta = { op: 'ReduceLogSumExp', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferReduce(18);
// max + log(sum(exp(x - max))): no overflow for large inputs; over nothing, log(0) = -inf.
export var prepare = reducePrepare(function (node: Node) {
  return function (x, b, s, t, R) {
    var m = -Infinity, a = 0, r, v, i;
    if (t) for (r = 0; r < R; r++) { v = x[b + t[r]]; if (v > m) m = v; }
    else for (r = 0, i = b; r < R; r++, i += s) { v = x[i]; if (v > m) m = v; }
    if (m === -Infinity || m === Infinity) return m;
    if (t) for (r = 0; r < R; r++) a += Math.exp(x[b + t[r]] - m);
    else for (r = 0, i = b; r < R; r++, i += s) a += Math.exp(x[i] - m);
    return m + Math.log(a);
  };
}, 18);
