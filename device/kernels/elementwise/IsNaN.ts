import { Meta, Infer } from '../infer';
import { unary } from './unary';
import { BOOL } from '../../dtype';

export var meta: Meta = { op: 'IsNaN', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer: Infer = function (node) { return [{ dtype: BOOL, shape: node.inputs[0]!.shape.slice() }]; };
export var prepare = unary(function () { return function (x) { return x !== x ? 1 : 0; }; });
