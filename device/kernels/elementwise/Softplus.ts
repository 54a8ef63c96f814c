import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { softplus } from './math';

export var meta: Meta = { op: 'Softplus', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return softplus; });
