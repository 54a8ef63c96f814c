import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { softplus } from '../util/elementwise-math';

export var meta: Meta = { op: 'Softplus', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return softplus; });
