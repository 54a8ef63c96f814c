import { Meta } from '../infer';
import { inferNary, nary } from './binaryOps';

export var meta: Meta = { op: 'Max', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferNary;
// NaN wins, as in numpy.maximum.
export var prepare = nary(function (a, b) { return a > b || a !== a ? a : b; });
