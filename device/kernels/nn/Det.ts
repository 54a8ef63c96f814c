import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';

export var meta: Meta = { op: 'Det', domain: '', since: 11, dtypes: ['float32', 'float64'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, r = x.shape.length;
  if (r < 2 || x.shape[r - 1] !== x.shape[r - 2]) fail('input must be [..., M, M], got [' + x.shape + ']');
  return [{ dtype: x.dtype, shape: x.shape.slice(0, r - 2) }];
};

// Gaussian elimination with partial pivoting on a float64 copy of each matrix.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, r = X.shape.length;
  var n = X.shape[r - 1], nn = n * n, count = y.length, t = new Float64Array(nn);
  return function () {
    for (var b = 0; b < count; b++) {
      for (var i = 0; i < nn; i++) t[i] = x[b * nn + i];
      var det = 1;
      for (var c = 0; c < n && det !== 0; c++) {
        var piv = c, best = Math.abs(t[c * n + c]);
        for (var i = c + 1; i < n; i++) { var v = Math.abs(t[i * n + c]); if (v > best) { best = v; piv = i; } }
        if (best === 0) { det = 0; break; }
        if (piv !== c) {
          for (var j = c; j < n; j++) { var s = t[c * n + j]; t[c * n + j] = t[piv * n + j]; t[piv * n + j] = s; }
          det = -det;
        }
        var d = t[c * n + c];
        det *= d;
        for (var i = c + 1; i < n; i++) {
          var f = t[i * n + c] / d;
          if (f !== 0) for (var j = c + 1; j < n; j++) t[i * n + j] -= f * t[c * n + j];
        }
      }
      y[b] = det;
    }
  };
}
