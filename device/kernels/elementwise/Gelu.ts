import { fail } from '../contract';
import { Meta } from '../infer';
import { unary, inferSame } from './unary';
import { erfc, sigmoid } from './math';

export var meta: Meta = { op: 'Gelu', domain: '', since: 20, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
// Exact: x/2 * (1 + erf(x/sqrt2)) = x/2 * erfc(-x/sqrt2), no cancellation for negative x.
// tanh: x/2 * (1 + tanh(u)) = x * sigmoid(2u), u = sqrt(2/pi) * (x + 0.044715 x^3).
export var prepare = unary(function (node) {
  var approx = node.attrs.approximate === undefined ? 'none' : node.attrs.approximate;
  if (approx === 'tanh') return function (x) { return x * sigmoid(1.5957691216057308 * (x + 0.044715 * x * x * x)); };
  if (approx !== 'none') fail("approximate must be 'none' or 'tanh', not '" + approx + "'");
  return function (x) { return 0.5 * x * erfc(-0.7071067811865476 * x); };
});
