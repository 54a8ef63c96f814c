import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';

export var meta: Meta = { op: 'BitwiseAnd', domain: '', since: 18, dtypes: ['int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBinary();
export var prepare = binaryOp(function (a, b) { return a & b; });
