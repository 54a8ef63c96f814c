// MatMul on the wasm core: float32 A [..., M, K] (batches folded into rows) times a 2-D B [K, N].
// A constant B is copied into wasm memory once; A (and a non-constant B) each eval. Anything
// else (batched B, other dtypes, no core) runs the JS kernel.
import { Node } from '../kernels/contract';
import { withActivation } from '../kernels/elementwise/activations';
import { prepare as jsPrepare } from '../kernels/nn/MatMul';
import { core, place, region, open, isConstant } from './core';
import { packPanels, gemmPanels } from './panels';

// A fused activation (converter/passes/fuseActivation.ts) runs over the output, as in the JS kernel.
export function prepare(node: Node) {
  var ev = onCore(node);
  return ev ? withActivation(ev, node) : jsPrepare(node);
}

// The product on the core, or null where the JS kernel should run.
function onCore(node: Node): (() => void) | null {
  var A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0], sp = core();
  if (!sp || A.dtype !== 1 || B.dtype !== 1 || B.shape.length !== 2 || A.shape.length < 1) return null;
  var K = B.shape[0], N = B.shape[1], rows = K ? A.data.length / K : 0;
  if (!K || !N || !rows || A.shape[A.shape.length - 1] !== K) return null;
  var a = A.data, b = B.data, y = Y.data, bConst = isConstant(B, Y);
  var panels = bConst && rows < 4;   // matrix-vector: B streamed in panels (panels.ts)
  var pa = place(sp, null, rows * K), pb = place(sp, bConst ? (panels ? packPanels(b, K, N, false) : b) : null, K * N), py = place(sp, null, rows * N);
  var out = region(sp, py, rows * N), s = sp;
  return function () {
    var w = open(s), h = s.heap!;
    h.set(a as Float32Array, pa >> 2);
    if (!bConst) h.set(b as Float32Array, pb >> 2);
    if (panels) gemmPanels(w, rows, N, K, pa, K * 4, pb, py, N * 4, 0, 0);
    else w.gemm(rows, N, K, pa, K * 4, pb, N * 4, py, N * 4, 0, 0);
    y.set(out());
  };
}
