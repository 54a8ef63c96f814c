import { Meta } from '../infer';
import { unary, inferSame } from './unary';

export var meta: Meta = { op: 'Shrink', domain: '', since: 9, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferSame;
export var prepare = unary(function (node) {
  var lambd = node.attrs.lambd === undefined ? 0.5 : node.attrs.lambd;
  var bias = node.attrs.bias === undefined ? 0 : node.attrs.bias;
  return function (x) { return x < -lambd ? x + bias : x > lambd ? x - bias : 0; };
});
