import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'HardSwish', domain: '', since: 14, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { var t = x / 6 + 0.5; return t <= 0 ? 0 : t >= 1 ? x : x * t; }; });
