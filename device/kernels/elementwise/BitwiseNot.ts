import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'BitwiseNot', domain: '', since: 18, dtypes: ['int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return ~x; }; });
