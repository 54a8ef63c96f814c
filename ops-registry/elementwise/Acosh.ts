import { Meta } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { acosh } from '../util/elementwise-math';

export var meta: Meta = { op: 'Acosh', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function () { return acosh; });
