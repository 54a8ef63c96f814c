import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { expm1 } from './math';

export var meta: Meta = { op: 'Celu', domain: '', since: 12, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
// max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
export var prepare = unary(function (node) {
  var alpha = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  return function (x) { return x > 0 ? x : alpha * expm1(x / alpha); };
});
