// Integer convolution for tinyonnx.int8:QConv: im2col of (x - x_zero_point) into an Int16Array
// over a band of output rows, then an integer GEMM per group, four output channels at a time,
// into exact double accumulators (|sum| < 2^36 for any realistic kernel: 255 * 255 * K).
// Geometry (pads, strides, dilations, groups, 1 to 3 spatial axes) comes from quant-conv.
import { ConvGeom } from '../quant/convInt';
import { TypedArray } from '../../dtype';

// Output columns [lo, hi) that read inside the input for kernel column k2, and the input
// column of output column 0 for that tap (input column = o2 * s2 + off).
export interface Int8ColTaps { lo: Int32Array; hi: Int32Array; off: Int32Array }

export function int8ColTaps(g: ConvGeom): Int8ColTaps {
  var K = g.ks[2], W = g.xs[2], OW = g.ys[2], s = g.st[2];
  var t: Int8ColTaps = { lo: new Int32Array(K), hi: new Int32Array(K), off: new Int32Array(K) };
  for (var k = 0; k < K; k++) {
    var off = k * g.dl[2] - g.pb[2];
    var lo = off >= 0 ? 0 : Math.ceil(-off / s);
    var hi = W - 1 - off < 0 ? 0 : Math.floor((W - 1 - off) / s) + 1;
    if (hi > OW) hi = OW;
    if (lo > hi) lo = hi;
    t.lo[k] = lo; t.hi[k] = hi; t.off[k] = off;
  }
  return t;
}

// col[(c, k0, k1, k2), j] = x[...] - xz for output rows r0..r1-1 (row = (o0, o1)), j = (r - r0) * OW + o2;
// 0 where the window reads padding (the padded value is the zero point).
export function int8Im2col(g: ConvGeom, ct: Int8ColTaps, x: TypedArray, xo: number, xz: number,
                           col: Int16Array, r0: number, r1: number) {
  var X0 = g.xs[0], X1 = g.xs[1], X2 = g.xs[2], OW = g.ys[2], O1 = g.ys[1];
  var K0 = g.ks[0], K1 = g.ks[1], K2 = g.ks[2], plane = X0 * X1 * X2, s2 = g.st[2], p = 0;
  for (var c = 0; c < g.Cg; c++) {
    var xc = xo + c * plane;
    for (var k0 = 0; k0 < K0; k0++) for (var k1 = 0; k1 < K1; k1++) for (var k2 = 0; k2 < K2; k2++) {
      var lo = ct.lo[k2], hi = ct.hi[k2], off = ct.off[k2];
      for (var r = r0; r < r1; r++) {
        var o0 = Math.floor(r / O1), o1 = r - o0 * O1, ow: number;
        var i0 = o0 * g.st[0] - g.pb[0] + k0 * g.dl[0], i1 = o1 * g.st[1] - g.pb[1] + k1 * g.dl[1];
        if (i0 < 0 || i0 >= X0 || i1 < 0 || i1 >= X1) { for (ow = 0; ow < OW; ow++) col[p++] = 0; continue; }
        var src = xc + (i0 * X1 + i1) * X2 + off;
        for (ow = 0; ow < lo; ow++) col[p++] = 0;
        if (s2 === 1) for (; ow < hi; ow++) col[p++] = x[src + ow] - xz;
        else for (; ow < hi; ow++) col[p++] = x[src + ow * s2] - xz;
        for (; ow < OW; ow++) col[p++] = 0;
      }
    }
  }
}

// acc[i * n + j] = bias[m0 + i] + sum_k w[(m0 + i) * K + k] * col[k * n + j] for i < cnt (<= 4).
// w holds (w - w_zero_point). Four rows by four columns at a time in 16 local accumulators
// (8 loads per 16 multiply-adds; exact integers in doubles), as util/nn-gemm.ts does for float.
export function int8Gemm4(w: Int16Array, m0: number, cnt: number, K: number, col: Int16Array, n: number,
                          bias: ArrayLike<number> | null, acc: Float64Array) {
  var w0 = m0 * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K, n4 = n - n % 4, j: number, k: number, q: number;
  var c0 = bias ? bias[m0] : 0, c1 = bias && cnt > 1 ? bias[m0 + 1] : 0, c2 = bias && cnt > 2 ? bias[m0 + 2] : 0,
    c3 = bias && cnt > 3 ? bias[m0 + 3] : 0;
  if (cnt === 4) {
    for (j = 0; j < n4; j += 4) {
      var s00 = c0, s01 = c0, s02 = c0, s03 = c0, s10 = c1, s11 = c1, s12 = c1, s13 = c1,
        s20 = c2, s21 = c2, s22 = c2, s23 = c2, s30 = c3, s31 = c3, s32 = c3, s33 = c3;
      for (k = 0, q = j; k < K; k++, q += n) {
        var b0 = col[q], b1 = col[q + 1], b2 = col[q + 2], b3 = col[q + 3], v = w[w0 + k];
        s00 += v * b0; s01 += v * b1; s02 += v * b2; s03 += v * b3; v = w[w1 + k];
        s10 += v * b0; s11 += v * b1; s12 += v * b2; s13 += v * b3; v = w[w2 + k];
        s20 += v * b0; s21 += v * b1; s22 += v * b2; s23 += v * b3; v = w[w3 + k];
        s30 += v * b0; s31 += v * b1; s32 += v * b2; s33 += v * b3;
      }
      acc[j] = s00; acc[j + 1] = s01; acc[j + 2] = s02; acc[j + 3] = s03;
      q = n + j; acc[q] = s10; acc[q + 1] = s11; acc[q + 2] = s12; acc[q + 3] = s13;
      q += n; acc[q] = s20; acc[q + 1] = s21; acc[q + 2] = s22; acc[q + 3] = s23;
      q += n; acc[q] = s30; acc[q + 1] = s31; acc[q + 2] = s32; acc[q + 3] = s33;
    }
    for (; j < n; j++) {
      var t0 = c0, t1 = c1, t2 = c2, t3 = c3;
      for (k = 0, q = j; k < K; k++, q += n) {
        var b = col[q];
        t0 += w[w0 + k] * b; t1 += w[w1 + k] * b; t2 += w[w2 + k] * b; t3 += w[w3 + k] * b;
      }
      acc[j] = t0; acc[n + j] = t1; acc[2 * n + j] = t2; acc[3 * n + j] = t3;
    }
    return;
  }
  for (var i = 0; i < cnt; i++) {
    var wi = w0 + i * K, ai = i * n, ci = bias ? bias[m0 + i] : 0;
    for (j = 0; j < n4; j += 4) {
      var u0 = ci, u1 = ci, u2 = ci, u3 = ci;
      for (k = 0, q = j; k < K; k++, q += n) {
        var wv = w[wi + k];
        u0 += wv * col[q]; u1 += wv * col[q + 1]; u2 += wv * col[q + 2]; u3 += wv * col[q + 3];
      }
      acc[ai + j] = u0; acc[ai + j + 1] = u1; acc[ai + j + 2] = u2; acc[ai + j + 3] = u3;
    }
    for (; j < n; j++) {
      var z = ci;
      for (k = 0, q = j; k < K; k++, q += n) z += w[wi + k] * col[q];
      acc[ai + j] = z;
    }
  }
}

// Two columns per double: when every sum fits in 25 bits (K * max|w| * max|x - x_zp| < 2^25),
// pk[k * h + j] = col[k * n + j] + col[k * n + j + h] * 2^26 (h = ceil(n / 2)), and one
// multiply-add accumulates both halves: sum = s1 + s2 * 2^26 stays an exact integer below 2^51,
// and s2 = floor(sum / 2^26 + 1/2), s1 = sum - s2 * 2^26 recover the two (|s1| < 2^25, so the
// quotient is never a half). Same results, about half the multiply-adds.
export var LANE = 67108864;   // 2^26

export function int8Pack(col: Int16Array, K: number, n: number, pk: Float64Array): number {
  var h = (n + 1) >> 1;
  for (var k = 0; k < K; k++) {
    var src = k * n, dst = k * h, j = 0;
    for (; j + h < n; j++) pk[dst + j] = col[src + j] + col[src + j + h] * LANE;
    for (; j < h; j++) pk[dst + j] = col[src + j];
  }
  return h;
}

// As int8Gemm4 (cnt = 4 rows) over packed columns; acc rows of n entries.
export function int8Gemm4Packed(w: Int16Array, m0: number, K: number, pk: Float64Array, h: number, n: number,
                                bias: ArrayLike<number> | null, acc: Float64Array) {
  var w0 = m0 * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K, h4 = h - h % 4, j: number, k: number, q: number;
  var c0 = bias ? bias[m0] : 0, c1 = bias ? bias[m0 + 1] : 0, c2 = bias ? bias[m0 + 2] : 0, c3 = bias ? bias[m0 + 3] : 0;
  for (j = 0; j < h4; j += 4) {
    var s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0,
      s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (k = 0, q = j; k < K; k++, q += h) {
      var b0 = pk[q], b1 = pk[q + 1], b2 = pk[q + 2], b3 = pk[q + 3], v = w[w0 + k];
      s00 += v * b0; s01 += v * b1; s02 += v * b2; s03 += v * b3; v = w[w1 + k];
      s10 += v * b0; s11 += v * b1; s12 += v * b2; s13 += v * b3; v = w[w2 + k];
      s20 += v * b0; s21 += v * b1; s22 += v * b2; s23 += v * b3; v = w[w3 + k];
      s30 += v * b0; s31 += v * b1; s32 += v * b2; s33 += v * b3;
    }
    unpack4(acc, j, h, n, s00, s01, s02, s03, c0);
    unpack4(acc, n + j, h, n, s10, s11, s12, s13, c1);
    unpack4(acc, 2 * n + j, h, n, s20, s21, s22, s23, c2);
    unpack4(acc, 3 * n + j, h, n, s30, s31, s32, s33, c3);
  }
  for (; j < h; j++) {
    var t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (k = 0, q = j; k < K; k++, q += h) {
      var b = pk[q];
      t0 += w[w0 + k] * b; t1 += w[w1 + k] * b; t2 += w[w2 + k] * b; t3 += w[w3 + k] * b;
    }
    unpack1(acc, j, h, n, t0, c0); unpack1(acc, n + j, h, n, t1, c1);
    unpack1(acc, 2 * n + j, h, n, t2, c2); unpack1(acc, 3 * n + j, h, n, t3, c3);
  }
}

function unpack1(acc: Float64Array, o: number, h: number, n: number, s: number, c: number) {
  var hi = Math.floor(s * 1.4901161193847656e-8 + 0.5), lo = s - hi * LANE;   // 2^-26
  acc[o] = lo + c;
  if ((o % n) + h < n) acc[o + h] = hi + c;
}

function unpack4(acc: Float64Array, o: number, h: number, n: number, s0: number, s1: number, s2: number, s3: number, c: number) {
  unpack1(acc, o, h, n, s0, c); unpack1(acc, o + 1, h, n, s1, c);
  unpack1(acc, o + 2, h, n, s2, c); unpack1(acc, o + 3, h, n, s3, c);
}
