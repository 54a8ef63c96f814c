import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { expm1 } from './math';

export var meta: Meta = { op: 'Elu', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function (node) {
  var alpha = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  return function (x) { return x < 0 ? alpha * expm1(x) : x; };
});
