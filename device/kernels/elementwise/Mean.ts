import { Meta } from '../infer';
import { inferNary, nary } from './binaryOps';
import { TypedArray } from '../../dtype';

export var meta: Meta = { op: 'Mean', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferNary;
export var prepare = nary(function (a, b) { return a + b; }, function (y: TypedArray, count: number) {
  var n = y.length, inv = 1 / count;
  for (var i = 0; i < n; i++) y[i] *= inv;
});
