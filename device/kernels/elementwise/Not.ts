import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Not', domain: '', since: 1, dtypes: ['bool'] };
export var infer = inferSame;
export var prepare = unary(function () { return function (x) { return x ? 0 : 1; }; });
