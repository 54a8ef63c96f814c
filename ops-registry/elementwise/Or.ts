import { Meta } from '../kernel';
import { binaryOp, inferBinary } from '../util/elementwise-bcast';

export var meta: Meta = { op: 'Or', domain: '', since: 1, dtypes: ['bool'] };
export var infer = inferBinary();
export var prepare = binaryOp(function (a, b) { return a | b; });
