import { Node } from '../contract';
import { Meta } from '../infer';
import { inferReduce, reducePrepare } from './reducePlan';

export var meta: Meta = { op: 'ReduceL1', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferReduce(18);
export var prepare = reducePrepare(function (node: Node) {
  return function (x, b, s, t, R) {
    var a = 0, r, v;
    if (t) for (r = 0; r < R; r++) { v = x[b + t[r]]; a += v < 0 ? -v : v; }
    else for (r = 0; r < R; r++, b += s) { v = x[b]; a += v < 0 ? -v : v; }
    return a;
  };
}, 18);
