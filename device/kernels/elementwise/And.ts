import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';

export var meta: Meta = { op: 'And', domain: '', since: 1, dtypes: ['bool'] };
export var infer = inferBinary();
export var prepare = binaryOp(function (a, b) { return a & b; });
