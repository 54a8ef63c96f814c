// Gemm on the wasm core: Y = A * B' + beta * C for float32, alpha 1, transA 0, with B and C
// constants (B' is laid out [K, N] in wasm memory once, in panels for fewer than 4 rows; beta * C
// broadcast to [M, N] once; eval copies that block into Y and accumulates the product onto it).
// Other cases run the JS kernel.
import { Node } from '../kernels/contract';
import { withActivation } from '../kernels/elementwise/activations';
import { prepare as jsPrepare } from '../kernels/nn/Gemm';
import { broadcastStrides } from '../kernels/shape';
import { core, place, region, open, isConstant } from './core';
import { packPanels, gemmPanels } from './panels';

// A fused activation (converter/passes/fuseActivation.ts) runs over the output, as in the JS kernel.
export function prepare(node: Node) {
  var ev = onCore(node);
  return ev ? withActivation(ev, node) : jsPrepare(node);
}

// The product on the core, or null where the JS kernel should run.
function onCore(node: Node): (() => void) | null {
  var A = node.inputs[0]!, B = node.inputs[1]!, C = node.inputs[2], Y = node.outputs[0], sp = core(), at = node.attrs;
  var alpha = at.alpha === undefined ? 1 : at.alpha, beta = at.beta === undefined ? 1 : at.beta, tB = at.transB === 1;
  if (!sp || A.dtype !== 1 || B.dtype !== 1 || at.transA === 1 || alpha !== 1 || !isConstant(B, Y) ||
      (C && beta !== 0 && (!isConstant(C, Y) || C.shape.length > 2)) || A.shape.length !== 2 || B.shape.length !== 2) return null;
  var M = A.shape[0], K = A.shape[1], N = tB ? B.shape[0] : B.shape[1];
  if (!M || !N || !K) return null;
  var b = B.data, panels = M < 4, bt: Float32Array;
  if (panels) bt = packPanels(b, K, N, tB);   // matrix-vector: B streamed in panels (panels.ts)
  else {
    bt = new Float32Array(K * N);
    for (var k = 0; k < K; k++) for (var n = 0; n < N; n++) bt[k * N + n] = tB ? b[n * K + k] : b[k * N + n];
  }
  var init = new Float32Array(M * N), c = C && beta !== 0 ? C.data : null;
  if (c) {
    var cs = broadcastStrides(C!.shape, [M, N]);
    for (var m = 0; m < M; m++) for (var n = 0; n < N; n++) init[m * N + n] = beta * c[m * cs[0] + n * cs[1]];
  }
  var pa = place(sp, null, M * K), pb = place(sp, bt, K * N), pc = place(sp, init, M * N), py = place(sp, null, M * N);
  var a = A.data, y = Y.data, out = region(sp, py, M * N), s = sp;
  return function () {
    var w = open(s), h = s.heap!;
    h.set(a as Float32Array, pa >> 2);
    h.copyWithin(py >> 2, pc >> 2, (pc >> 2) + M * N);
    if (panels) gemmPanels(w, M, N, K, pa, K * 4, pb, py, N * 4, 0, 1);
    else w.gemm(M, N, K, pa, K * 4, pb, N * 4, py, N * 4, 0, 1);
    y.set(out());
  };
}
