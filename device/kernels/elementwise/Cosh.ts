import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { cosh } from './math';

export var meta: Meta = { op: 'Cosh', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return cosh; });
