import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Sign', domain: '', since: 9, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return x > 0 ? 1 : x < 0 ? -1 : x; }; });
