// Normalizes each row of X ([N, C] or [C]) by its MAX, L1 or L2 norm, as float32. Like the
// reference, rows are first divided by their largest magnitude (in double, avoiding overflow in
// L2), and a zero norm leaves the row as it is.
import { Meta, Infer, Node, fail } from '../kernel';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'Normalizer', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

var NORMS = ['MAX', 'L1', 'L2'];

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.dtype !== FLOAT && x.dtype !== DOUBLE && x.dtype !== INT32) fail('X must be float32, float64 or int, got ' + DTYPE_NAME[x.dtype]);
  if (x.shape.length !== 1 && x.shape.length !== 2) fail('X must be [N, C] or [C], got [' + x.shape + ']');
  if (NORMS.indexOf(node.attrs.norm) < 0) fail('norm must be one of MAX, L1, L2, got ' + node.attrs.norm);
  return [{ dtype: FLOAT, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var C = X.shape[X.shape.length - 1], N = X.shape.length === 2 ? X.shape[0] : 1, norm = NORMS.indexOf(node.attrs.norm);
  var row = new Float64Array(C);
  return function () {
    for (var n = 0; n < N; n++) {
      var o = n * C, m = 0, s = 0, c: number;
      for (c = 0; c < C; c++) { var a = Math.abs(x[o + c]); if (a > m) m = a; }
      for (c = 0; c < C; c++) row[c] = m !== 0 ? x[o + c] / m : x[o + c];
      if (norm === 1) for (c = 0; c < C; c++) s += Math.abs(row[c]);
      else if (norm === 2) { for (c = 0; c < C; c++) s += row[c] * row[c]; s = Math.sqrt(s); }
      for (c = 0; c < C; c++) y[o + c] = norm === 0 || s === 0 ? row[c] : row[c] / s;
    }
  };
}
