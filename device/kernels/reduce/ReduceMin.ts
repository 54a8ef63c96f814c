import { Node } from '../contract';
import { Meta } from '../infer';
import { inferReduce, reducePrepare, highest } from './reducePlan';

export var meta: Meta = { op: 'ReduceMin', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };
export var infer = inferReduce(18);
// NaN wins, as with numpy's minimum.reduce; over nothing the result is the type's maximum.
export var prepare = reducePrepare(function (node: Node) {
  var init = highest(node.inputs[0]!.dtype);
  return function (x, b, s, t, R) {
    var a = init, r, v;
    if (t) for (r = 0; r < R; r++) { v = x[b + t[r]]; if (v < a || v !== v) a = v; }
    else for (r = 0; r < R; r++, b += s) { v = x[b]; if (v < a || v !== v) a = v; }
    return a;
  };
}, 18);
