import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { asinh } from '../util/elementwise-math';

export var meta: Meta = { op: 'Asinh', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return asinh; });
