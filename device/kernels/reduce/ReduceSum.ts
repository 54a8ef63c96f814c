import { Node } from '../contract';
import { Meta } from '../infer';
import { inferReduce, reducePrepare } from './reducePlan';

export var meta: Meta = { op: 'ReduceSum', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferReduce(13);
export var prepare = reducePrepare(function (node: Node) {
  return function (x, b, s, t, R) {
    var a = 0, r;
    if (t) for (r = 0; r < R; r++) a += x[b + t[r]];
    else for (r = 0; r < R; r++, b += s) a += x[b];
    return a;
  };
}, 13);
