import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'HardSigmoid', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function (node) {
  var alpha = node.attrs.alpha === undefined ? 0.2 : node.attrs.alpha;
  var beta = node.attrs.beta === undefined ? 0.5 : node.attrs.beta;
  return function (x) { var t = alpha * x + beta; return t < 0 ? 0 : t > 1 ? 1 : t; };
});
