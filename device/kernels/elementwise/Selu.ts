import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { expm1 } from './math';

export var meta: Meta = { op: 'Selu', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export var prepare = unary(function (node) {
  var alpha = node.attrs.alpha === undefined ? 1.67326319217681884765625 : node.attrs.alpha;
  var gamma = node.attrs.gamma === undefined ? 1.05070102214813232421875 : node.attrs.gamma;
  var ga = gamma * alpha;
  return function (x) { return x > 0 ? gamma * x : ga * expm1(x); };
});
