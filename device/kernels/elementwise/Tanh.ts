import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { tanh } from './math';

export var meta: Meta = { op: 'Tanh', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return tanh; });
