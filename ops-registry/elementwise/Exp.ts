import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';

export var meta: Meta = { op: 'Exp', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return Math.exp; });
