import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'ThresholdedRelu', domain: '', since: 10, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function (node) {
  var alpha = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  return function (x) { return x > alpha ? x : 0; };
});
