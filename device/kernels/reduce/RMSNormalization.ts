import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { normAxis } from '../shape';
import { rowParam, rowsOf } from './rowParam';
import { sizeOf } from '../../dtype';

export var meta: Meta = { op: 'RMSNormalization', domain: '', since: 23, dtypes: ['float32', 'float64'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};

// Per row (dims from axis on): x / sqrt(mean(x^2) + eps) * scale.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var axis = normAxis(node.attrs.axis === undefined ? -1 : node.attrs.axis, X.shape.length);
  var rows = rowsOf(X.shape, axis), D = sizeOf(X.shape) / (rows || 1);
  var S = rowParam(node.inputs[1], X.shape, axis)!;
  var eps = node.attrs.epsilon === undefined ? 1e-5 : node.attrs.epsilon;
  return function () {
    S.sync();
    var s = S.data;
    for (var r = 0; r < rows; r++) {
      var o = r * D, e = o + D, q = 0, i, c;
      for (i = o; i < e; i++) q += x[i] * x[i];
      var inv = 1 / Math.sqrt(q / D + eps);
      for (i = o, c = 0; i < e; i++, c++) y[i] = x[i] * inv * s[c];
    }
  };
}
