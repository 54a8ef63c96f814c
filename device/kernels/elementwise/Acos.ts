import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Acos', domain: '', since: 7, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return Math.acos; });
