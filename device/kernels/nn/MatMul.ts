import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { broadcastShapes, broadcastStrides } from '../shape';
import { gemm } from './gemmCore';
import { withActivation } from '../elementwise/activations';
import { TypedArray } from '../../dtype';

export var meta: Meta = { op: 'MatMul', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'uint32'] };

// numpy matmul: a 1-D A is a row [1,K], a 1-D B a column [K,1] (the unit axis is dropped from
// the result); the leading (batch) axes broadcast.
function dims(a: number[], b: number[]) {
  if (!a.length || !b.length) fail('MatMul operands must have rank 1 or more');
  var A = a.length === 1 ? [1, a[0]] : a, B = b.length === 1 ? [b[0], 1] : b;
  var M = A[A.length - 2], K = A[A.length - 1], N = B[B.length - 1];
  if (B[B.length - 2] !== K) fail('inner dimensions differ: [' + a + '] x [' + b + ']');
  var ab = A.slice(0, -2), bb = B.slice(0, -2), batch = broadcastShapes([ab, bb]);
  var out = batch.slice();
  if (a.length > 1) out.push(M);
  if (b.length > 1) out.push(N);
  return { M: M, K: K, N: N, ab: ab, bb: bb, batch: batch, out: out };
}

export var infer: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[1]!;
  if (a.dtype !== b.dtype) fail('A and B have different element types');
  return [{ dtype: a.dtype, shape: dims(a.shape, b.shape).out }];
};

// Offsets of every batch's A and B matrices are tabulated once; when B is shared by all
// batches and A's batches are contiguous they merge into one product of batch*M rows.
// A fused activation (converter/passes/fuseActivation.ts) runs over the output afterwards.
export function prepare(node: Node) {
  return withActivation(compute(node), node);
}

function compute(node: Node) {
  var d = dims(node.inputs[0]!.shape, node.inputs[1]!.shape), M = d.M, K = d.K, N = d.N;
  var a = node.inputs[0]!.data, b = node.inputs[1]!.data, y = node.outputs[0].data;
  var batch = d.batch, nb = 1, rank = batch.length;
  for (var i = 0; i < rank; i++) nb *= batch[i];
  var sa = broadcastStrides(d.ab, batch), sb = broadcastStrides(d.bb, batch);
  var aOff = new Int32Array(nb), bOff = new Int32Array(nb), shared = true, dense = true;
  for (var t = 0; t < nb; t++) {
    var rest = t, oa = 0, ob = 0;
    for (var j = rank - 1; j >= 0; j--) {
      var c = rest % batch[j]; rest = (rest - c) / batch[j];
      oa += c * sa[j]; ob += c * sb[j];
    }
    aOff[t] = oa * M * K; bOff[t] = ob * K * N;
    if (ob !== 0) shared = false;
    if (oa !== t) dense = false;
  }
  if (shared && dense) return merged(nb * M, N, K, a, b, y);
  return batched(nb, M, N, K, a, aOff, b, bOff, y);
}

// The evals, each in a scope of its own: Espruino keeps a closure's whole scope (compute's holds
// the node, its tensors and every local) in the board's variables.
function merged(M: number, N: number, K: number, a: TypedArray, b: TypedArray, y: TypedArray) {
  return function () { gemm(M, N, K, a, 0, K, 1, b, 0, N, 1, y, 0, N, 1, null, 0, false); };
}
function batched(nb: number, M: number, N: number, K: number, a: TypedArray, aOff: Int32Array, b: TypedArray, bOff: Int32Array, y: TypedArray) {
  return function () {
    for (var t = 0; t < nb; t++) gemm(M, N, K, a, aOff[t], K, 1, b, bOff[t], N, 1, y, t * M * N, N, 1, null, 0, false);
  };
}
