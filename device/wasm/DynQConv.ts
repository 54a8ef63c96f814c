// tinyonnx.int8:DynQConv on the wasm core, as the static QConv runs there (device/wasm/QConv.ts)
// with the quantization of x at run time in front and the float epilogue behind: each eval copies
// x into wasm memory, "minmax" gives its range (scale and zero point then computed in JS, as
// the JS kernel does), "qpairs" quantizes it, less its zero point, into int16 channel pairs (as
// QConv's "xpairs" lays them out), "colsv" (QConv's "cols", vectorized) the columns of a band of output rows, "qgemm" the exact int32 sums (the JS
// kernel's integers), and "dqf" y = act(f32(acc) * f32(x_scale * w_scale[m]) + bias[m]) in
// float32 operations: the JS kernel's floats. Falls back to the JS kernel without a core, or
// where a sum could leave int32 (K * 255 * max|w - wz| >= 2^31).
import { Node } from '../kernels/contract';
import { prepare as jsPrepare, dynAct } from '../kernels/int8/DynQConv';
import { convGeom } from '../kernels/quant/convInt';
import { int8ColTaps } from '../kernels/int8/convCore';
import { perChannel, intList } from '../kernels/int8/requant';
import { dynParams } from '../kernels/int8/dynQuant';
import { core, place, open } from './core';
import { qwinogradOnCore } from './qwinograd';
import { pairWeights } from './qconvWeights';

// Column buffers are capped at this many int16 (64 KB), bigger outputs go in bands of rows.
var BAND = 32768;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, B = node.inputs[2], a = node.attrs, sp = core();
  if (!sp) return jsPrepare(node);
  var g = convGeom(X.shape, Wt.shape, a);
  var N = g.N, C = g.C, M = g.M, Cg = g.Cg, Mg = g.Mg, G = C / Cg, T = g.ks[0] * g.ks[1] * g.ks[2];
  var K = Cg * T, CP = (Cg + 1) >> 1, K2 = T * CP, Ke = 2 * K2;
  var OW = g.ys[2], R = g.ys[0] * g.ys[1], P = R * OW, plane = g.xs[0] * g.xs[1] * g.xs[2], nx = N * C * plane;
  if (!K || !P || !M) return jsPrepare(node);
  var wz = intList(a.w_zero_point, 0), wzPer = perChannel(wz, M, 'w_zero_point'), ws: number[] = a.w_scale;
  var act = dynAct(a), alpha = act[0], lo = act[1], hi = act[2];
  var pw8 = pairWeights(Wt.data, M, Cg, T, wz, wzPer), wq = pw8.wq, wmax = pw8.wmax;
  if (K * 255 * wmax >= 2147483648) return jsPrepare(node);
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Ke * OW)))), cpMax = (band * OW + 3) & ~3;
  var pw = place(sp, new Float32Array(wq.buffer), M * K2);
  var pb = place(sp, B ? B.data : null, M), ps = place(sp, null, M), pmm = place(sp, null, 2);
  var px = place(sp, null, nx), pxi = place(sp, null, G * CP * plane);
  var pcol = place(sp, null, K2 * cpMax), py = place(sp, null, Mg * cpMax), pout = place(sp, null, N * M * P);
  var x = X.data, y = node.outputs[0].data, ct = int8ColTaps(g), s = sp, heap: Float32Array | null = null, out: Float32Array | null = null;
  var tf = new Float32Array(1), pr = new Float64Array(2);
  // 3-tap convs along one axis: Winograd F(2,3) in integers (qwinograd.ts), int32 [M, P] per image
  var wino = G === 1 ? qwinogradOnCore(sp, X.shape, Wt.shape, a, pw8.at, null, 255, wmax) : null;
  var pyw = wino ? place(sp, null, M * P) : 0;
  var X0 = g.xs[0], X1 = g.xs[1], X2 = g.xs[2], O1 = g.ys[1], K0 = g.ks[0], K1 = g.ks[1], KW = g.ks[2];
  return function () {
    var w = open(s);
    if (!heap) { heap = s.heap!; out = new Float32Array(heap.buffer, pout, N * M * P); }
    heap.set(x as Float32Array, px >> 2);
    w.minmax(px, nx, pmm);
    dynParams(heap[pmm >> 2], heap[(pmm >> 2) + 1], tf, pr);
    var xz = pr[1];
    for (var j = 0; j < M; j++) heap[(ps >> 2) + j] = pr[0] * ws[ws.length > 1 ? j : 0];
    for (var n = 0; n < N; n++) {
      w.qpairs(px + n * C * plane * 4, pxi, C, Cg, CP, plane, pr[0], xz);
      if (wino) {
        wino.run(w, pxi, pyw);
        for (var f = 0; f < M; f++) w.dqf(pyw + f * P * 4, P, pout + ((n * M + f) * P) * 4, ps + f * 4, pb + f * 4, 0, alpha, lo, hi);
        continue;
      }
      for (var gi = 0; gi < G; gi++) for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW, cp = (cols + 3) & ~3, xg = pxi + gi * CP * plane * 4, tp = 0;
        for (var k0 = 0; k0 < K0; k0++) for (var k1 = 0; k1 < K1; k1++) for (var k2 = 0; k2 < KW; k2++, tp++)
          for (var pi = 0; pi < CP; pi++)
            w.colsv(xg + pi * plane * 4, pcol + (tp * CP + pi) * cp * 4, r0, r1, O1, OW, X0, X1, X2, g.st[0], g.st[1], g.st[2],
              k0 * g.dl[0] - g.pb[0], k1 * g.dl[1] - g.pb[1], ct.lo[k2], ct.hi[k2], ct.off[k2]);
        w.qgemm(Mg, cp, K2, pw + gi * Mg * Ke * 2, Ke * 2, pcol, cp * 4, py, cp * 4, 0, 0);
        for (var i = 0; i < Mg; i++) {
          var ch = gi * Mg + i;
          w.dqf(py + i * cp * 4, cols, pout + ((n * M + ch) * P + r0 * OW) * 4, ps + ch * 4, pb + ch * 4, 0, alpha, lo, hi);
        }
      }
    }
    y.set(out!);
  };
}
