import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { broadcastStrides } from '../shape';
import { gemm } from './gemmCore';
import { withActivation } from '../elementwise/activations';
import { nativeGemm } from './nativeDot';

export var meta: Meta = { op: 'Gemm', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'uint32'] };

function dims(node: { inputs: any[]; attrs: any }) {
  var A = node.inputs[0].shape, B = node.inputs[1].shape;
  if (A.length !== 2 || B.length !== 2) fail('A and B must be matrices, got [' + A + '] and [' + B + ']');
  var tA = node.attrs.transA === 1, tB = node.attrs.transB === 1;
  var M = tA ? A[1] : A[0], K = tA ? A[0] : A[1], N = tB ? B[0] : B[1];
  if ((tB ? B[1] : B[0]) !== K) fail('inner dimensions differ: A is [' + A + '], B is [' + B + ']' + (tA ? ' (transA)' : '') + (tB ? ' (transB)' : ''));
  return { M: M, K: K, N: N, tA: tA, tB: tB };
}

export var infer: Infer = function (node) {
  var d = dims(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: [d.M, d.N] }];
};

// Y = alpha * A' * B' + beta * C: the product runs in gemm's register tiles with the
// transposes expressed as strides, then one pass applies alpha and the broadcast C.
// A fused activation (converter/passes/fuseActivation.ts) runs over the output afterwards.
export function prepare(node: Node) {
  return withActivation(compute(node), node);
}

function compute(node: Node) {
  var d = dims(node), M = d.M, K = d.K, N = d.N;
  var a = node.inputs[0]!.data, b = node.inputs[1]!.data, C = node.inputs[2], y = node.outputs[0].data;
  var alpha = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  var beta = node.attrs.beta === undefined ? 1 : node.attrs.beta;
  var c = C && beta !== 0 ? C.data : null;
  if (C && C.shape.length > 2) fail('C must have rank 2 or less, got [' + C.shape + ']');
  var cs = c ? broadcastStrides(C!.shape, [M, N]) : [0, 0], cm = cs[0], cn = cs[1];
  var am = d.tA ? 1 : K, ak = d.tA ? M : 1, bk = d.tB ? 1 : N, bn = d.tB ? K : 1;
  // Espruino: one native dot per output when alpha is 1 and C is absent or a row of column biases
  var native = ak === 1 && bk === 1 && alpha === 1 && (!c || (beta === 1 && cm === 0 && cn === 1)) ? nativeGemm(M, N, K, a, am, b, bn, y, c) : null;
  if (native) return native;
  return function () {
    gemm(M, N, K, a, 0, am, ak, b, 0, bk, bn, y, 0, N, 1, null, 0, false);
    if (!c && alpha === 1) return;
    for (var m = 0, o = 0; m < M; m++) {
      var co = m * cm;
      if (c) for (var n = 0; n < N; n++, o++) y[o] = alpha * y[o] + beta * c[co + n * cn];
      else for (var n = 0; n < N; n++, o++) y[o] = alpha * y[o];
    }
  };
}
