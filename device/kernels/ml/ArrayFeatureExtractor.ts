// Z[..., j] = X[..., Y[j]]: picks entries of X's last axis by index. A 1-D X gives one row
// ([1, k]), as onnxruntime does. Indices are read at run time; a negative index counts from the
// end, an index out of range yields 0.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME, sizeOf } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'ArrayFeatureExtractor', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, y = node.inputs[1]!;
  checkFeatures(x.dtype);
  if (y.dtype !== INT32) fail('Y must be int64, got ' + DTYPE_NAME[y.dtype]);
  if (!x.shape.length) fail('X must have rank 1 or more');
  var k = sizeOf(y.shape);
  var shape = x.shape.length === 1 ? [1, k] : x.shape.slice(0, x.shape.length - 1).concat([k]);
  return [{ dtype: x.dtype, shape: shape }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, idx = node.inputs[1]!.data, z = node.outputs[0].data;
  var C = X.shape[X.shape.length - 1], rows = C ? x.length / C : 0, k = idx.length;
  return function () {
    for (var r = 0; r < rows; r++) {
      for (var j = 0; j < k; j++) {
        var i = idx[j];
        if (i < 0) i += C;
        z[r * k + j] = i >= 0 && i < C ? x[r * C + i] : 0;
      }
    }
  };
}
