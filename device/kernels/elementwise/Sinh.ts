import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { sinh } from './math';

export var meta: Meta = { op: 'Sinh', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return sinh; });
