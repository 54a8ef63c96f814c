import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { softplus, tanh } from '../util/elementwise-math';

export var meta: Meta = { op: 'Mish', domain: '', since: 18, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return x * tanh(softplus(x)); }; });
