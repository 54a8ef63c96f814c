import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { roundEven } from './math';

export var meta: Meta = { op: 'Round', domain: '', since: 11, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return roundEven; });
