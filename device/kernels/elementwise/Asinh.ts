import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { asinh } from './math';

export var meta: Meta = { op: 'Asinh', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return asinh; });
