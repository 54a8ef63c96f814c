// Y = X > threshold ? 1 : 0, in X's type.
import { fail } from '../contract';
import { Meta, Infer } from '../infer';
import { unary, inferSame } from '../elementwise/unary';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'Binarizer', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

export var infer: Infer = function (node) {
  var t = node.inputs[0]!.dtype;
  checkFeatures(t);
  return inferSame(node);
};

export var prepare = unary(function (node) {
  var th = node.attrs.threshold === undefined ? 0 : node.attrs.threshold;
  return function (x) { return x > th ? 1 : 0; };
});
