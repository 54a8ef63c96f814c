import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { roundEven } from '../util/elementwise-math';

export var meta: Meta = { op: 'Round', domain: '', since: 11, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return roundEven; });
