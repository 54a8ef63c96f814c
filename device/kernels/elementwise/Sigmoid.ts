import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Sigmoid', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
// Split on sign so exp never overflows.
export var prepare = unary(function () {
  return function (x) {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    var e = Math.exp(x);
    return e / (1 + e);
  };
});
