import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Neg', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'int16'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return -x; }; });
