import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';

// The exponent may have another element type; the result has the base's (an integer base
// truncates a fractional result on store, as numpy's astype does).
export var meta: Meta = { op: 'Pow', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBinary(undefined, true);
export var prepare = binaryOp(Math.pow);
