import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { tanh } from '../util/elementwise-math';

export var meta: Meta = { op: 'Tanh', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return tanh; });
