import { Node } from '../contract';
import { Meta } from '../infer';
import { inferReduce, reducePrepare } from './reducePlan';

export var meta: Meta = { op: 'ReduceLogSum', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferReduce(18);
export var prepare = reducePrepare(function (node: Node) {
  return function (x, b, s, t, R) {
    var a = 0, r;
    if (t) for (r = 0; r < R; r++) a += x[b + t[r]];
    else for (r = 0; r < R; r++, b += s) a += x[b];
    return Math.log(a);
  };
}, 18);
