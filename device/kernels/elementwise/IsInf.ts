import { Meta, Infer } from '../infer';
import { unary } from './unary';
import { BOOL } from '../../dtype';

export var meta: Meta = { op: 'IsInf', domain: '', since: 10, dtypes: ['float32', 'float64'] };
export var infer: Infer = function (node) { return [{ dtype: BOOL, shape: node.inputs[0]!.shape.slice() }]; };
export var prepare = unary(function (node) {
  var neg = node.attrs.detect_negative === 0 ? NaN : -Infinity;
  var pos = node.attrs.detect_positive === 0 ? NaN : Infinity;
  return function (x) { return x === pos || x === neg ? 1 : 0; };
});
