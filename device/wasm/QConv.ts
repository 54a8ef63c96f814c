// tinyonnx.int8:QConv on the wasm core, all of it in wasm (targets/wasm/int8Wat.ts): each eval
// copies x into wasm memory, "xpairs" writes it less its zero point as int16 channel pairs (one
// 32-bit word: channels 2i, 2i + 1 at one position), "cols" copies those words into the columns
// of a band of output rows, K ordered (kernel tap, channel pair) to match the pair-interleaved B
// of the integer GEMM "qgemm" (i32x4.dot_i16x8_s), whose int32 accumulators
// bias[m] + sum (x - xz) * (w - wz[m]) are the JS kernel's integers, exactly; the requantization
// "rq" (exact i64 products, ties to even, as int8/requant.ts) gives the JS kernel's bytes.
// Falls back to the JS kernel without a core, or where a sum could leave int32
// (K * max|x - xz| * max|w - wz| + max|bias| >= 2^31).
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/QConv';
import { convGeom } from '../kernels/quant/convInt';
import { int8ColTaps } from '../kernels/int8/convCore';
import { rqParams, rqAlpha, perChannel, actRange, outDtype, intList, tableOffset } from '../kernels/int8/requant';
import { core, place, open } from './core';
import { placeRq } from './rq';
import { qwinogradOnCore } from './qwinograd';
import { pairWeights } from './qconvWeights';

// Column buffers are capped at this many int16 (64 KB), bigger outputs go in bands of rows.
var BAND = 32768;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, Y = node.outputs[0], a = node.attrs, sp = core();
  if (!sp) return jsPrepare(node);
  var g = convGeom(X.shape, Wt.shape, a);
  var N = g.N, C = g.C, M = g.M, Cg = g.Cg, Mg = g.Mg, G = C / Cg, T = g.ks[0] * g.ks[1] * g.ks[2];
  var K = Cg * T, CP = (Cg + 1) >> 1, K2 = T * CP, Ke = 2 * K2;
  var OW = g.ys[2], R = g.ys[0] * g.ys[1], P = R * OW, plane = g.xs[0] * g.xs[1] * g.xs[2];
  if (!K || !P || !M) return jsPrepare(node);
  var xz = a.x_zero_point | 0, yz = a.y_zero_point | 0, wz = intList(a.w_zero_point, 0), wzPer = perChannel(wz, M, 'w_zero_point');
  var mult = intList(a.multiplier, 0), shift = intList(a.shift, 31), per = perChannel(mult, M, 'multiplier');
  var rq = rqParams(mult, shift, 'multiplier');
  var rn = a.alpha_multiplier !== undefined ? rqAlpha(mult, shift, a.alpha_multiplier, a.alpha_shift, 'alpha') : null;
  var T8 = node.inputs[2], table = T8 ? T8.data : null, qt = outDtype(a), toff = tableOffset(qt);
  var range = actRange(a, qt), lo = range[0], hi = range[1];
  var pw8 = pairWeights(Wt.data, M, Cg, T, wz, wzPer), wq = pw8.wq, wmax = pw8.wmax, bmax = 0, m: number;
  var bias: Int32Array | null = a.bias ? new Int32Array(M) : null;
  if (bias) for (m = 0; m < M; m++) { bias[m] = a.bias[m]; if (a.bias[m] > bmax || -a.bias[m] > bmax) bmax = a.bias[m] < 0 ? -a.bias[m] : a.bias[m]; }
  var xmax = X.dtype === 2 ? (xz > 255 - xz ? xz : 255 - xz) : (xz + 128 > 127 - xz ? xz + 128 : 127 - xz);
  if (K * wmax * xmax + bmax >= 2147483648) return jsPrepare(node);
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Ke * OW)))), cpMax = (band * OW + 3) & ~3;
  var pw = place(sp, new Float32Array(wq.buffer), M * K2);            // the int16 bytes, copied as they are
  var pbias = bias ? place(sp, new Float32Array(bias.buffer), M) : 0, mode = bias ? 2 : 0;
  // x less its zero point, channel pairs interleaved: word (group, pair, position) holds channels
  // 2 * pair and 2 * pair + 1 of the group as two int16
  var pxi = place(sp, null, G * CP * plane), pcol = place(sp, null, K2 * cpMax), py = place(sp, null, Mg * cpMax);
  // the requantization (and a fused table) runs on the core too, into the output in wasm memory
  var pr = placeRq(sp, rq, rn, shift, table), pout = place(sp, null, (N * M * P + 3) >> 2);
  var px = place(sp, null, (N * C * plane + 3) >> 2), u = X.dtype === 2 ? 1 : 0;
  var x = X.data, y = Y.data, ct = int8ColTaps(g), s = sp, xin: Int8Array | Uint8Array | null = null, out: Int8Array | Uint8Array | null = null;
  // 3-tap convs along one axis: Winograd F(2,3) in integers (qwinograd.ts), int32 [M, P] per image
  var wino = G === 1 ? qwinogradOnCore(sp, X.shape, Wt.shape, a, pw8.at, bias, xmax, wmax) : null;
  var pyw = wino ? place(sp, null, M * P) : 0;
  var X0 = g.xs[0], X1 = g.xs[1], X2 = g.xs[2], O1 = g.ys[1], K0 = g.ks[0], K1 = g.ks[1], KW = g.ks[2];
  return function () {
    var w = open(s);
    if (!xin) {
      xin = u ? new Uint8Array(s.heap!.buffer, px, N * C * plane) : new Int8Array(s.heap!.buffer, px, N * C * plane);
      out = Y.dtype === 2 ? new Uint8Array(s.heap!.buffer, pout, N * M * P) : new Int8Array(s.heap!.buffer, pout, N * M * P);
    }
    xin.set(x as any);
    for (var n = 0; n < N; n++) {
      w.xpairs(px + n * C * plane, pxi, C, Cg, CP, plane, xz, u);
      if (wino) {
        wino.run(w, pxi, pyw);
        for (var f = 0; f < M; f++) { var cf = per ? f : 0; w.rq(pyw + f * P * 4, P, pout + (n * M + f) * P, pr.pm + cf * 4, pr.pn + cf * 4, pr.ps + cf * 4, 0, yz, lo, hi, pr.pt, toff); }
        continue;
      }
      for (var gi = 0; gi < G; gi++) for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW, cp = (cols + 3) & ~3, xg = pxi + gi * CP * plane * 4, t = 0;
        for (var k0 = 0; k0 < K0; k0++) for (var k1 = 0; k1 < K1; k1++) for (var k2 = 0; k2 < KW; k2++, t++)
          for (var pi = 0; pi < CP; pi++)
            w.cols(xg + pi * plane * 4, pcol + (t * CP + pi) * cp * 4, r0, r1, O1, OW, X0, X1, X2, g.st[0], g.st[1], g.st[2],
              k0 * g.dl[0] - g.pb[0], k1 * g.dl[1] - g.pb[1], ct.lo[k2], ct.hi[k2], ct.off[k2]);
        w.qgemm(Mg, cp, K2, pw + gi * Mg * Ke * 2, Ke * 2, pcol, cp * 4, py, cp * 4, pbias + gi * Mg * 4, mode);
        for (var j = 0; j < Mg; j++) {
          var ch = per ? gi * Mg + j : 0, yo = (n * M + gi * Mg + j) * P + r0 * OW;
          w.rq(py + j * cp * 4, cols, pout + yo, pr.pm + ch * 4, pr.pn + ch * 4, pr.ps + ch * 4, 0, yz, lo, hi, pr.pt, toff);
        }
      }
    }
    y.set(out!);
  };
}
