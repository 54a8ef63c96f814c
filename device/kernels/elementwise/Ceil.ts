import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Ceil', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return Math.ceil; });
