import { Meta, Infer, Node, fail } from '../kernel';
import { broadcastStrides } from '../util/shape';

export var meta: Meta = { op: 'Gemm', domain: '', since: 1, dtypes: ['float32', 'float64'] };

function dims(node: { inputs: any[]; attrs: any }) {
  var A = node.inputs[0].shape, B = node.inputs[1].shape;
  var tA = node.attrs.transA === 1, tB = node.attrs.transB === 1;
  var M = tA ? A[1] : A[0], K = tA ? A[0] : A[1], N = tB ? B[0] : B[1];
  if ((tB ? B[1] : B[0]) !== K) fail('inner dimensions differ: A is [' + A + '], B is [' + B + ']' + (tA ? ' (transA)' : '') + (tB ? ' (transB)' : ''));
  return { M: M, K: K, N: N, tA: tA, tB: tB };
}

export var infer: Infer = function (node) {
  var d = dims(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: [d.M, d.N] }];
};

// Y = alpha * A' * B' + beta * C. With B transposed both operands run contiguously along K;
// otherwise rows of B are accumulated (axpy order) so the inner loop still walks memory in order.
export function prepare(node: Node) {
  var d = dims(node), M = d.M, K = d.K, N = d.N;
  var a = node.inputs[0]!.data, b = node.inputs[1]!.data, C = node.inputs[2], y = node.outputs[0].data;
  var alpha = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  var beta = node.attrs.beta === undefined ? 1 : node.attrs.beta;
  var c = C ? C.data : null;
  var cs = C ? broadcastStrides(C.shape, [M, N]) : [0, 0];
  var am = d.tA ? 1 : K, ak = d.tA ? M : 1;
  var acc = new Float64Array(N);
  return function () {
    for (var m = 0; m < M; m++) {
      var row = m * N, ao = m * am;
      if (d.tB) {
        for (var n = 0; n < N; n++) {
          var s = 0, bo = n * K;
          for (var k = 0; k < K; k++) s += a[ao + k * ak] * b[bo + k];
          acc[n] = s;
        }
      } else {
        for (var n = 0; n < N; n++) acc[n] = 0;
        for (var k = 0; k < K; k++) {
          var av = a[ao + k * ak], bo = k * N;
          for (var n = 0; n < N; n++) acc[n] += av * b[bo + n];
        }
      }
      if (c) for (var n = 0; n < N; n++) y[row + n] = alpha * acc[n] + beta * c[m * cs[0] + n * cs[1]];
      else for (var n = 0; n < N; n++) y[row + n] = alpha * acc[n];
    }
  };
}
