import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';

export var meta: Meta = { op: 'AffineGrid', domain: '', since: 20, dtypes: ['float32', 'float64'] };

// theta [N, 2, 3] with size [N, C, H, W] → grid [N, H, W, 2]; theta [N, 3, 4] with size
// [N, C, D, H, W] → [N, D, H, W, 3]. Each point is theta · (x, y[, z], 1) over normalized
// pixel centres (or corners with align_corners).
function outShape(node: InferNode | Node, size: ArrayLike<number>): number[] {
  var t = node.inputs[0]!.shape, k = size.length - 2;
  if ((k !== 2 && k !== 3) || t.length !== 3 || t[0] !== size[0] || t[1] !== k || t[2] !== k + 1)
    fail('theta [' + t + '] does not fit size [' + Array.prototype.join.call(size, ',') + ']');
  var out = [size[0]];
  for (var i = 2; i < size.length; i++) out.push(size[i]);
  out.push(k);
  return out;
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: outShape(node, constInput(node, 1, 'size')!) }];
};

export function prepare(node: Node) {
  var ys = node.outputs[0].shape, k = ys.length - 2, N = ys[0];
  var th = node.inputs[0]!.data, y = node.outputs[0].data, align = node.attrs.align_corners === 1;
  // base[d][i]: normalized coordinate of index i along spatial axis d (ordered D, H, W).
  var base: Float64Array[] = [];
  for (var d = 0; d < k; d++) {
    var len = ys[1 + d], b = new Float64Array(len);
    for (var i = 0; i < len; i++) b[i] = align ? (len > 1 ? -1 + i * 2 / (len - 1) : -1) : -1 + (2 * i + 1) / len;
    base.push(b);
  }
  var P = y.length / (N * k), c = new Int32Array(k), v = new Float64Array(k + 1);
  return function () {
    var o = 0;
    for (var n = 0; n < N; n++) {
      for (var d = 0; d < k; d++) c[d] = 0;
      for (var p = 0; p < P; p++) {
        // Homogeneous point (x, y[, z], 1): x runs along the last axis.
        for (var d = 0; d < k; d++) v[d] = base[k - 1 - d][c[k - 1 - d]];
        v[k] = 1;
        for (var r = 0; r < k; r++) {
          var s = 0, to = (n * k + r) * (k + 1);
          for (var j = 0; j <= k; j++) s += th[to + j] * v[j];
          y[o++] = s;
        }
        for (var d = k - 1; d >= 0; d--) { if (++c[d] < ys[1 + d]) break; c[d] = 0; }
      }
    }
  };
}
