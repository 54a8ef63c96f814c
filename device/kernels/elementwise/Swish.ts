import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { sigmoid } from './math';

export var meta: Meta = { op: 'Swish', domain: '', since: 24, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function (node) {
  var alpha = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  return function (x) { return x * sigmoid(alpha * x); };
});
