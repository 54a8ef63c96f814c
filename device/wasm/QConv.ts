// tinyonnx.int8:QConv on the wasm core: per group and band of output rows, the columns (x less
// its zero point, int16, pair-interleaved along K: targets/wasm/int8Wat.ts) are written straight
// into wasm memory, the integer GEMM (i32x4.dot_i16x8_s) gives the exact int32 accumulators
// bias[m] + sum (x - xz) * (w - wz[m]), the same integers as the JS kernel's, and the core's
// requantization ("rq": exact i64 products, ties to even, as int8/requant.ts) gives the same bytes. Falls back to the JS kernel without a core, or where a sum could
// leave int32 (K * max|x - xz| * max|w - wz| + max|bias| >= 2^31).
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/QConv';
import { convGeom, ConvGeom } from '../kernels/quant/convInt';
import { int8ColTaps, Int8ColTaps } from '../kernels/int8/convCore';
import { rqParams, rqAlpha, perChannel, actRange, outDtype, intList, tableOffset } from '../kernels/int8/requant';
import { TypedArray } from '../dtype';
import { core, place, open } from './core';
import { placeRq } from './rq';

// Column buffers are capped at this many int16 (64 KB), bigger outputs go in bands of rows.
var BAND = 32768;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, Y = node.outputs[0], a = node.attrs, sp = core();
  if (!sp) return jsPrepare(node);
  var g = convGeom(X.shape, Wt.shape, a);
  var N = g.N, C = g.C, M = g.M, Cg = g.Cg, Mg = g.Mg, G = C / Cg;
  var K = Cg * g.ks[0] * g.ks[1] * g.ks[2], K2 = (K + 1) >> 1, Ke = 2 * K2;
  var OW = g.ys[2], R = g.ys[0] * g.ys[1], P = R * OW, plane = g.xs[0] * g.xs[1] * g.xs[2];
  if (!K || !P || !M) return jsPrepare(node);
  var xz = a.x_zero_point | 0, yz = a.y_zero_point | 0, wz = intList(a.w_zero_point, 0), wzPer = perChannel(wz, M, 'w_zero_point');
  var mult = intList(a.multiplier, 0), shift = intList(a.shift, 31), per = perChannel(mult, M, 'multiplier');
  var rq = rqParams(mult, shift, 'multiplier');
  var rn = a.alpha_multiplier !== undefined ? rqAlpha(mult, shift, a.alpha_multiplier, a.alpha_shift, 'alpha') : null;
  var T = node.inputs[2], table = T ? T.data : null, qt = outDtype(a), toff = tableOffset(qt);
  var range = actRange(a, qt), lo = range[0], hi = range[1];
  // weights less their zero point, [M, Ke] int16 (an odd K padded with a zero column)
  var wq = new Int16Array(M * Ke), wmax = 0, bmax = 0, i: number, m: number, k: number;
  for (m = 0; m < M; m++) {
    var z = wz[wzPer ? m : 0];
    for (k = 0; k < K; k++) {
      var v = Wt.data[m * K + k] - z;
      wq[m * Ke + k] = v;
      if (v > wmax || -v > wmax) wmax = v < 0 ? -v : v;
    }
  }
  var bias: Int32Array | null = a.bias ? new Int32Array(M) : null;
  if (bias) for (m = 0; m < M; m++) { bias[m] = a.bias[m]; if (a.bias[m] > bmax || -a.bias[m] > bmax) bmax = a.bias[m] < 0 ? -a.bias[m] : a.bias[m]; }
  var xmax = X.dtype === 2 ? (xz > 255 - xz ? xz : 255 - xz) : (xz + 128 > 127 - xz ? xz + 128 : 127 - xz);
  if (K * wmax * xmax + bmax >= 2147483648) return jsPrepare(node);
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Ke * OW)))), cpMax = (band * OW + 3) & ~3;
  var pw = place(sp, new Float32Array(wq.buffer), M * K2);            // the int16 bytes, copied as they are
  var pbias = bias ? place(sp, new Float32Array(bias.buffer), M) : 0, mode = bias ? 2 : 0;
  var pcol = place(sp, null, K2 * cpMax), py = place(sp, null, Mg * cpMax);
  // the requantization (and a fused table) runs on the core too, into the output in wasm memory
  var pr = placeRq(sp, rq, rn, shift, table), pout = place(sp, null, (N * M * P + 3) >> 2);
  var x = X.data, y = Y.data, ct = int8ColTaps(g), s = sp, h16: Int16Array | null = null;
  var out: Int8Array | Uint8Array | null = null;
  return function () {
    var w = open(s);
    if (!h16) {
      h16 = new Int16Array(s.heap!.buffer);
      out = Y.dtype === 2 ? new Uint8Array(s.heap!.buffer, pout, N * M * P) : new Int8Array(s.heap!.buffer, pout, N * M * P);
    }
    for (var n = 0; n < N; n++) for (var gi = 0; gi < G; gi++) {
      var xo = (n * C + gi * Cg) * plane;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW, cp = (cols + 3) & ~3;
        pairCols(g, ct, x, xo, xz, h16, pcol >> 1, cp, r0, r1);
        w.qgemm(Mg, cp, K2, pw + gi * Mg * Ke * 2, Ke * 2, pcol, cp * 4, py, cp * 4, pbias + gi * Mg * 4, mode);
        for (var j = 0; j < Mg; j++) {
          var c = per ? gi * Mg + j : 0, yo = (n * M + gi * Mg + j) * P + r0 * OW;
          w.rq(py + j * cp * 4, cols, pout + yo, pr.pm + c * 4, pr.pn + c * 4, pr.ps + c * 4, 0, yz, lo, hi, pr.pt, toff);
        }
      }
    }
    y.set(out!);
  };
}

// The columns of output rows r0..r1-1 for the integer GEMM: x - xz at col[o + (k >> 1) * 2 * cp
// + 2 * j + (k & 1)] for kernel tap k = (c, k0, k1, k2) and column j = (r - r0) * OW + o2; 0 where
// the window reads padding (the padded value is the zero point). The JS kernel's im2col
// (int8/convCore.ts int8Im2col) with the pair-interleaved layout.
function pairCols(g: ConvGeom, ct: Int8ColTaps, x: TypedArray, xo: number, xz: number,
                  col: Int16Array, o: number, cp: number, r0: number, r1: number) {
  var X0 = g.xs[0], X1 = g.xs[1], X2 = g.xs[2], OW = g.ys[2], O1 = g.ys[1];
  var K0 = g.ks[0], K1 = g.ks[1], K2 = g.ks[2], plane = X0 * X1 * X2, s2 = g.st[2], k = 0;
  for (var c = 0; c < g.Cg; c++) {
    var xc = xo + c * plane;
    for (var k0 = 0; k0 < K0; k0++) for (var k1 = 0; k1 < K1; k1++) for (var k2 = 0; k2 < K2; k2++, k++) {
      var lo = ct.lo[k2], hi = ct.hi[k2], off = ct.off[k2], p = o + (k >> 1) * 2 * cp + (k & 1);
      for (var r = r0; r < r1; r++) {
        var o0 = Math.floor(r / O1), o1 = r - o0 * O1, ow: number;
        var i0 = o0 * g.st[0] - g.pb[0] + k0 * g.dl[0], i1 = o1 * g.st[1] - g.pb[1] + k1 * g.dl[1];
        if (i0 < 0 || i0 >= X0 || i1 < 0 || i1 >= X1) { for (ow = 0; ow < OW; ow++, p += 2) col[p] = 0; continue; }
        var src = xc + (i0 * X1 + i1) * X2 + off;
        for (ow = 0; ow < lo; ow++, p += 2) col[p] = 0;
        if (s2 === 1) for (; ow < hi; ow++, p += 2) col[p] = x[src + ow] - xz;
        else for (; ow < hi; ow++, p += 2) col[p] = x[src + ow * s2] - xz;
        for (; ow < OW; ow++, p += 2) col[p] = 0;
      }
    }
  }
}
