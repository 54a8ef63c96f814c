import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Reciprocal', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return 1 / x; }; });
