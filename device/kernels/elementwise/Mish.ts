import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { softplus, tanh } from './math';

export var meta: Meta = { op: 'Mish', domain: '', since: 18, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return x * tanh(softplus(x)); }; });
