// Y = X > threshold ? 1 : 0, in X's type.
import { Meta, Infer, fail } from '../kernel';
import { unary, inferSame } from '../util/unary';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'Binarizer', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

export var infer: Infer = function (node) {
  var t = node.inputs[0]!.dtype;
  if (t !== FLOAT && t !== DOUBLE && t !== INT32) fail('X must be float32, float64 or int, got ' + DTYPE_NAME[t]);
  return inferSame(node);
};

export var prepare = unary(function (node) {
  var th = node.attrs.threshold === undefined ? 0 : node.attrs.threshold;
  return function (x) { return x > th ? 1 : 0; };
});
