// tinyonnx.int8:DynQMatMul on the wasm core, as the static QMatMul runs there (device/wasm/QMatMul.ts)
// with the quantization of a at run time in front and the float epilogue behind: each eval copies a
// into wasm memory, "minmax" gives its range (scale and zero point computed in JS, as the JS
// kernel does), "qwiden" quantizes each row, less its zero point, into int16, "qgemm"
// the exact int32 sums against b laid out once pair-interleaved along K (columns padded to a
// multiple of 4), "dqf" y = act(f32(acc) * f32(a_scale * b_scale[n]) + bias[n]) in float32
// operations: the JS kernel's floats. Without a core, or where a sum could leave int32, the JS kernel.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/DynQMatMul';
import { dynAct } from '../kernels/int8/DynQConv';
import { perChannel, intList } from '../kernels/int8/requant';
import { dynParams } from '../kernels/int8/dynQuant';
import { core, place, open } from './core';

export function prepare(node: Node) {
  var A = node.inputs[0]!, Bt = node.inputs[1]!, Bias = node.inputs[2], at = node.attrs, sp = core();
  var N = Bt.shape[0], K = Bt.shape[1], nx = A.data.length, rows = K ? nx / K : 0;
  if (!sp || !K || !N || !rows) return jsPrepare(node);
  var K2 = (K + 1) >> 1, Ke = 2 * K2, Np = (N + 3) & ~3;
  var bz = intList(at.b_zero_point, 0), bzPer = perChannel(bz, N, 'b_zero_point'), bs: number[] = at.b_scale;
  var act = dynAct(at), alpha = act[0], lo = act[1], hi = act[2];
  // b less its zero point: element (k, n) at (k >> 1) * 2 * Np + 2 * n + (k & 1); padding 0
  var b = Bt.data, bq = new Int16Array(K2 * 2 * Np), bmax = 0, k: number, n: number;
  for (k = 0; k < K; k++) for (n = 0; n < N; n++) {
    var v = b[n * K + k] - bz[bzPer ? n : 0];
    bq[(k >> 1) * 2 * Np + 2 * n + (k & 1)] = v;
    if (v > bmax || -v > bmax) bmax = v < 0 ? -v : v;
  }
  if (K * 255 * bmax >= 2147483648) return jsPrepare(node);
  var pw = place(sp, new Float32Array(bq.buffer), K2 * Np), pb = place(sp, Bias ? Bias.data : null, N), ps = place(sp, null, N);
  var pmm = place(sp, null, 2), px = place(sp, null, nx), pa = place(sp, null, rows * K2);
  var py = place(sp, null, rows * Np), pout = place(sp, null, rows * N);
  var x = A.data, y = node.outputs[0].data, s = sp, heap: Float32Array | null = null, out: Float32Array | null = null, tf = new Float32Array(1), pr = new Float64Array(2);
  return function () {
    var w = open(s), m: number;
    if (!heap) { heap = s.heap!; out = new Float32Array(heap.buffer, pout, rows * N); }
    heap.set(x as Float32Array, px >> 2);
    w.minmax(px, nx, pmm);
    dynParams(heap[pmm >> 2], heap[(pmm >> 2) + 1], tf, pr);
    var az = pr[1];
    for (var j = 0; j < N; j++) heap[(ps >> 2) + j] = pr[0] * bs[bs.length > 1 ? j : 0];
    for (m = 0; m < rows; m++) w.qwiden(px + m * K * 4, pa + m * Ke * 2, K, pr[0], az);
    w.qgemm(rows, Np, K2, pa, Ke * 2, pw, Np * 4, py, Np * 4, 0, 0);
    for (m = 0; m < rows; m++) w.dqf(py + m * Np * 4, N, pout + m * N * 4, ps, pb, 1, alpha, lo, hi);
    y.set(out!);
  };
}
