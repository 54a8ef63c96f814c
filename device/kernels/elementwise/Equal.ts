import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';
import { BOOL } from '../../dtype';

export var meta: Meta = { op: 'Equal', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool', 'string'] };
export var infer = inferBinary(BOOL);
// Strings (arrays of JS strings) broadcast the same way and compare with ===.
export var prepare = binaryOp(function (a, b) { return a === b ? 1 : 0; });
