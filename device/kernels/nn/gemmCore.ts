// The matrix-product core of Conv, MatMul and Gemm, over strided views:
//   Y[m,n] = (acc ? Y[m,n] : bias[m]) + sum_k A[m,k] * B[k,n]
//   A[m,k] = a[ao + m*am + k*ak], B[k,n] = b[bo + k*bk + n*bn], Y[m,n] = y[yo + m*ym + n*yn]
// Strides let callers pass transposed operands, im2col buffers or plain strided input
// windows without copying. Work is done in 4x4 register tiles (16 accumulators in locals,
// 8 loads per 16 multiply-adds), columns outermost so a K x 4 panel of B stays in cache
// while every row block of A passes over it. Edges use 1x4, 4x3, 4x2, 4x1 and 1x1 tiles.
// Every output is one sum in k order from 0 (then + bias), whatever the tile: the order
// Espruino's native dot (nativeDot.ts) computes, so the engines agree bit for bit. In the
// interpreters (QuickJS, Duktape, Espruino) the cost is per bytecode, so the edge tiles share
// loads across rows or columns and unroll k with one chained sum per output
// (t = t + a0*b0 + a1*b1 + ..., the same additions in the same order as t += a0*b0; t += a1*b1).
import { TypedArray } from '../../dtype';

export function gemm(M: number, N: number, K: number,
                     a: TypedArray, ao: number, am: number, ak: number,
                     b: TypedArray, bo: number, bk: number, bn: number,
                     y: TypedArray, yo: number, ym: number, yn: number,
                     bias: TypedArray | null, biasOff: number, acc: boolean): void {
  var M4 = M - M % 4, N4 = N - N % 4, bn2 = bn + bn, bn3 = bn2 + bn;
  var m: number, n: number, k: number, p0: number, p1: number, p2: number, p3: number, q: number, o: number;
  var unit = ak === 1 && bn === 1;
  // contiguous operands: 4x8 tiles first where 8 columns remain (12 loads per 32 multiply-adds:
  // about 1.17x the 4x4 tiles in QuickJS and Duktape, the same in V8)
  // and 8x8 tiles (below) for the rows in blocks of 8 when K is even
  var n8 = 0, M8 = unit && !acc && K % 2 === 0 ? M - M % 8 : 0;
  if (unit) for (; n8 + 8 <= N4; n8 += 8) {
    if (M8) tiles8(M8, K, a, ao, am, b, bo + n8, bk, y, yo + n8 * yn, ym, yn, bias, biasOff);
    tiles(M8, M4, K, a, ao, am, b, bo + n8, bk, y, yo + n8 * yn, ym, yn, bias, biasOff, acc, true);
  }
  // the rows past the 4-row blocks, when A's rows and B's columns are contiguous in k (the
  // matrix-vector product of Gemm with transB): 8 columns at a time, then 4 below
  var nr = 0, V: TypedArray[];
  if (ak === 1 && bk === 1 && M4 < M && N >= 8) {
    V = shifted8(b, bo, bn);
    for (; nr + 8 <= N; nr += 8)
      for (m = M4; m < M; m++) dots8(K, a, ao + m * am, V, nr * bn, y, yo + m * ym + nr * yn, yn, acc, bias, biasOff + m, 0);
  }
  for (n = 0; n < N4; n += 4) {
    var qn = bo + n * bn;
    if (unit) m = n < n8 ? M4 : tiles(0, M4, K, a, ao, am, b, qn, bk, y, yo + n * yn, ym, yn, bias, biasOff, acc, false);
    else for (m = 0; m < M4; m += 4) {
      p0 = ao + m * am; p1 = p0 + am; p2 = p1 + am; p3 = p2 + am; q = qn;
      var s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0,
        s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (k = 0; k < K; k++) {
        var a0 = a[p0], a1 = a[p1], a2 = a[p2], a3 = a[p3];
        var b0 = b[q], b1 = b[q + bn], b2 = b[q + bn2], b3 = b[q + bn3];
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
        s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
        p0 += ak; p1 += ak; p2 += ak; p3 += ak; q += bk;
      }
      o = yo + m * ym + n * yn;
      store4(y, o, yn, s00, s01, s02, s03, acc, bias, biasOff + m); o += ym;
      store4(y, o, yn, s10, s11, s12, s13, acc, bias, biasOff + m + 1); o += ym;
      store4(y, o, yn, s20, s21, s22, s23, acc, bias, biasOff + m + 2); o += ym;
      store4(y, o, yn, s30, s31, s32, s33, acc, bias, biasOff + m + 3);
    }
    if (ak === 1 && bk === 1) { if (n >= nr) for (; m < M; m++) row4(K, a, ao + m * am, b, qn, bn, y, yo + m * ym + n * yn, yn, acc, bias, biasOff + m); continue; }
    for (; m < M; m++) {
      p0 = ao + m * am; q = qn;
      var t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (k = 0; k < K; k++) {
        var av = a[p0];
        t0 += av * b[q]; t1 += av * b[q + bn]; t2 += av * b[q + bn2]; t3 += av * b[q + bn3];
        p0 += ak; q += bk;
      }
      store4(y, yo + m * ym + n * yn, yn, t0, t1, t2, t3, acc, bias, biasOff + m);
    }
  }
  var m0 = 0;
  if (ak === 1 && N - n > 1) {
    // 4 rows x the 2 or 3 columns left: B's loads shared by 4 rows; the rows past M4 below
    var qe = bo + n * bn, oe = yo + n * yn;
    cols3(M4, K, a, ao, am, b, qe, bk, bn, y, oe, ym, yn, bias, biasOff, acc, N - n === 3);
    m0 = M4;
  }
  // single columns: against A's rows 8 at a time when both are contiguous in k (a conv's one output position)
  var M8 = ak === 1 && bk === 1 && n < N && M - m0 >= 8 ? M - (M - m0) % 8 : m0;
  if (M8 > m0) V = shifted8(a, ao + m0 * am, am);
  for (; n < N; n++) {
    var qc = bo + n * bn;
    for (m = m0; m < M8; m += 8) dots8(K, b, qc, V!, (m - m0) * am, y, yo + m * ym + n * yn, ym, acc, bias, biasOff + m, 1);
    for (; m < M4; m += 4) {
      p0 = ao + m * am; p1 = p0 + am; p2 = p1 + am; p3 = p2 + am; q = qc;
      var u0 = 0, u1 = 0, u2 = 0, u3 = 0;
      for (k = 0; k < K; k++) {
        var bv = b[q];
        u0 += a[p0] * bv; u1 += a[p1] * bv; u2 += a[p2] * bv; u3 += a[p3] * bv;
        p0 += ak; p1 += ak; p2 += ak; p3 += ak; q += bk;
      }
      o = yo + m * ym + n * yn;
      y[o] = u0 + (acc ? y[o] : bias ? bias[biasOff + m] : 0); o += ym;
      y[o] = u1 + (acc ? y[o] : bias ? bias[biasOff + m + 1] : 0); o += ym;
      y[o] = u2 + (acc ? y[o] : bias ? bias[biasOff + m + 2] : 0); o += ym;
      y[o] = u3 + (acc ? y[o] : bias ? bias[biasOff + m + 3] : 0);
    }
    for (; m < M; m++) {
      p0 = ao + m * am; q = qc;
      var v = 0;
      for (k = 0; k < K; k++) { v += a[p0] * b[q]; p0 += ak; q += bk; }
      o = yo + m * ym + n * yn;
      y[o] = v + (acc ? y[o] : bias ? bias[biasOff + m] : 0);
    }
  }
}

// The 4x4 tiles of one column block when A rows and B rows are contiguous (ak = bn = 1):
// constant offsets let the engine fold the index arithmetic (about 25% faster in V8).
function tiles(m0: number, M4: number, K: number, a: TypedArray, ao: number, am: number, b: TypedArray, q0: number, bk: number,
               y: TypedArray, yo: number, ym: number, yn: number, bias: TypedArray | null, biasOff: number, acc: boolean, w8: boolean): number {
  // 4 rows x 8 columns (w8, 12 loads per 32 multiply-adds) from row m0; one function with the
  // 4x4 tiles: on Espruino each function and each of its parameters costs the board a variable
  if (w8) {
  for (var m = m0; m < M4; m += 4) {
    var p0 = ao + m * am, p1 = p0 + am, p2 = p1 + am, p3 = p2 + am, q = q0;
    var s00 = 0, s01 = 0, s02 = 0, s03 = 0, s04 = 0, s05 = 0, s06 = 0, s07 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0, s17 = 0,
      s20 = 0, s21 = 0, s22 = 0, s23 = 0, s24 = 0, s25 = 0, s26 = 0, s27 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0, s34 = 0, s35 = 0, s36 = 0, s37 = 0;
    for (var k = 0; k < K; k++) {
      var b0 = b[q], b1 = b[q + 1], b2 = b[q + 2], b3 = b[q + 3], b4 = b[q + 4], b5 = b[q + 5], b6 = b[q + 6], b7 = b[q + 7], v = a[p0 + k];
      s00 += v * b0; s01 += v * b1; s02 += v * b2; s03 += v * b3; s04 += v * b4; s05 += v * b5; s06 += v * b6; s07 += v * b7; v = a[p1 + k];
      s10 += v * b0; s11 += v * b1; s12 += v * b2; s13 += v * b3; s14 += v * b4; s15 += v * b5; s16 += v * b6; s17 += v * b7; v = a[p2 + k];
      s20 += v * b0; s21 += v * b1; s22 += v * b2; s23 += v * b3; s24 += v * b4; s25 += v * b5; s26 += v * b6; s27 += v * b7; v = a[p3 + k];
      s30 += v * b0; s31 += v * b1; s32 += v * b2; s33 += v * b3; s34 += v * b4; s35 += v * b5; s36 += v * b6; s37 += v * b7;
      q += bk;
    }
    var o = yo + m * ym, o4 = o + 4 * yn;
    store4(y, o, yn, s00, s01, s02, s03, acc, bias, biasOff + m); store4(y, o4, yn, s04, s05, s06, s07, acc, bias, biasOff + m); o += ym; o4 += ym;
    store4(y, o, yn, s10, s11, s12, s13, acc, bias, biasOff + m + 1); store4(y, o4, yn, s14, s15, s16, s17, acc, bias, biasOff + m + 1); o += ym; o4 += ym;
    store4(y, o, yn, s20, s21, s22, s23, acc, bias, biasOff + m + 2); store4(y, o4, yn, s24, s25, s26, s27, acc, bias, biasOff + m + 2); o += ym; o4 += ym;
    store4(y, o, yn, s30, s31, s32, s33, acc, bias, biasOff + m + 3); store4(y, o4, yn, s34, s35, s36, s37, acc, bias, biasOff + m + 3);
  }
    return M4;
  }
  for (var m = 0; m < M4; m += 4) {
    var p0 = ao + m * am, p1 = p0 + am, p2 = p1 + am, p3 = p2 + am, q = q0;
    var s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0,
      s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (var k = 0; k < K; k++) {
      var b0 = b[q], b1 = b[q + 1], b2 = b[q + 2], b3 = b[q + 3], v = a[p0 + k];
      s00 += v * b0; s01 += v * b1; s02 += v * b2; s03 += v * b3; v = a[p1 + k];
      s10 += v * b0; s11 += v * b1; s12 += v * b2; s13 += v * b3; v = a[p2 + k];
      s20 += v * b0; s21 += v * b1; s22 += v * b2; s23 += v * b3; v = a[p3 + k];
      s30 += v * b0; s31 += v * b1; s32 += v * b2; s33 += v * b3;
      q += bk;
    }
    var o = yo + m * ym;
    store4(y, o, yn, s00, s01, s02, s03, acc, bias, biasOff + m); o += ym;
    store4(y, o, yn, s10, s11, s12, s13, acc, bias, biasOff + m + 1); o += ym;
    store4(y, o, yn, s20, s21, s22, s23, acc, bias, biasOff + m + 2); o += ym;
    store4(y, o, yn, s30, s31, s32, s33, acc, bias, biasOff + m + 3);
  }
  return M4;
}

// 8 rows x 8 columns, k two at a time (K even, no accumulation into Y), one chained sum per output: s = s + v*b + w*c
// is s += v*b; s += w*c, the same additions in the same order, with half the accumulator reads
// and writes; 24 loads per 128 multiply-adds. About 1.5x the 4x8 tiles in QuickJS, 1.2x in Duktape.
function tiles8(M8: number, K: number, a: TypedArray, ao: number, am: number, b: TypedArray, q0: number, bk: number,
                y: TypedArray, yo: number, ym: number, yn: number, bias: TypedArray | null, biasOff: number) {
  var bk2 = bk + bk, y1 = yn, y2 = y1 + yn, y3 = y2 + yn, y4 = y3 + yn, y5 = y4 + yn, y6 = y5 + yn, y7 = y6 + yn;
  for (var m = 0; m < M8; m += 8) {
    var p0 = ao + m * am, p1 = p0 + am, p2 = p1 + am, p3 = p2 + am, p4 = p3 + am, p5 = p4 + am, p6 = p5 + am, p7 = p6 + am;
    var q = q0, r = q0 + bk, k1 = 1, v: number, w: number;
    var s00 = 0, s01 = 0, s02 = 0, s03 = 0, s04 = 0, s05 = 0, s06 = 0, s07 = 0,
      s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0, s17 = 0,
      s20 = 0, s21 = 0, s22 = 0, s23 = 0, s24 = 0, s25 = 0, s26 = 0, s27 = 0,
      s30 = 0, s31 = 0, s32 = 0, s33 = 0, s34 = 0, s35 = 0, s36 = 0, s37 = 0,
      s40 = 0, s41 = 0, s42 = 0, s43 = 0, s44 = 0, s45 = 0, s46 = 0, s47 = 0,
      s50 = 0, s51 = 0, s52 = 0, s53 = 0, s54 = 0, s55 = 0, s56 = 0, s57 = 0,
      s60 = 0, s61 = 0, s62 = 0, s63 = 0, s64 = 0, s65 = 0, s66 = 0, s67 = 0,
      s70 = 0, s71 = 0, s72 = 0, s73 = 0, s74 = 0, s75 = 0, s76 = 0, s77 = 0;
    for (var k = 0; k < K; k += 2) {
      var b0 = b[q], b1 = b[q + 1], b2 = b[q + 2], b3 = b[q + 3], b4 = b[q + 4], b5 = b[q + 5], b6 = b[q + 6], b7 = b[q + 7];
      var c0 = b[r], c1 = b[r + 1], c2 = b[r + 2], c3 = b[r + 3], c4 = b[r + 4], c5 = b[r + 5], c6 = b[r + 6], c7 = b[r + 7];
      v = a[p0 + k]; w = a[p0 + k1];
      s00 = s00 + v * b0 + w * c0; s01 = s01 + v * b1 + w * c1; s02 = s02 + v * b2 + w * c2; s03 = s03 + v * b3 + w * c3;
      s04 = s04 + v * b4 + w * c4; s05 = s05 + v * b5 + w * c5; s06 = s06 + v * b6 + w * c6; s07 = s07 + v * b7 + w * c7;
      v = a[p1 + k]; w = a[p1 + k1];
      s10 = s10 + v * b0 + w * c0; s11 = s11 + v * b1 + w * c1; s12 = s12 + v * b2 + w * c2; s13 = s13 + v * b3 + w * c3;
      s14 = s14 + v * b4 + w * c4; s15 = s15 + v * b5 + w * c5; s16 = s16 + v * b6 + w * c6; s17 = s17 + v * b7 + w * c7;
      v = a[p2 + k]; w = a[p2 + k1];
      s20 = s20 + v * b0 + w * c0; s21 = s21 + v * b1 + w * c1; s22 = s22 + v * b2 + w * c2; s23 = s23 + v * b3 + w * c3;
      s24 = s24 + v * b4 + w * c4; s25 = s25 + v * b5 + w * c5; s26 = s26 + v * b6 + w * c6; s27 = s27 + v * b7 + w * c7;
      v = a[p3 + k]; w = a[p3 + k1];
      s30 = s30 + v * b0 + w * c0; s31 = s31 + v * b1 + w * c1; s32 = s32 + v * b2 + w * c2; s33 = s33 + v * b3 + w * c3;
      s34 = s34 + v * b4 + w * c4; s35 = s35 + v * b5 + w * c5; s36 = s36 + v * b6 + w * c6; s37 = s37 + v * b7 + w * c7;
      v = a[p4 + k]; w = a[p4 + k1];
      s40 = s40 + v * b0 + w * c0; s41 = s41 + v * b1 + w * c1; s42 = s42 + v * b2 + w * c2; s43 = s43 + v * b3 + w * c3;
      s44 = s44 + v * b4 + w * c4; s45 = s45 + v * b5 + w * c5; s46 = s46 + v * b6 + w * c6; s47 = s47 + v * b7 + w * c7;
      v = a[p5 + k]; w = a[p5 + k1];
      s50 = s50 + v * b0 + w * c0; s51 = s51 + v * b1 + w * c1; s52 = s52 + v * b2 + w * c2; s53 = s53 + v * b3 + w * c3;
      s54 = s54 + v * b4 + w * c4; s55 = s55 + v * b5 + w * c5; s56 = s56 + v * b6 + w * c6; s57 = s57 + v * b7 + w * c7;
      v = a[p6 + k]; w = a[p6 + k1];
      s60 = s60 + v * b0 + w * c0; s61 = s61 + v * b1 + w * c1; s62 = s62 + v * b2 + w * c2; s63 = s63 + v * b3 + w * c3;
      s64 = s64 + v * b4 + w * c4; s65 = s65 + v * b5 + w * c5; s66 = s66 + v * b6 + w * c6; s67 = s67 + v * b7 + w * c7;
      v = a[p7 + k]; w = a[p7 + k1];
      s70 = s70 + v * b0 + w * c0; s71 = s71 + v * b1 + w * c1; s72 = s72 + v * b2 + w * c2; s73 = s73 + v * b3 + w * c3;
      s74 = s74 + v * b4 + w * c4; s75 = s75 + v * b5 + w * c5; s76 = s76 + v * b6 + w * c6; s77 = s77 + v * b7 + w * c7;
      q += bk2; r += bk2; k1 += 2;
    }
    // stored here, not through store4: 16 calls cost QuickJS about a quarter of a tile's time at K = 24
    var o = yo + m * ym, c = bias ? bias[biasOff + m] : 0;
    y[o] = s00 + c; y[o + y1] = s01 + c; y[o + y2] = s02 + c; y[o + y3] = s03 + c;
    y[o + y4] = s04 + c; y[o + y5] = s05 + c; y[o + y6] = s06 + c; y[o + y7] = s07 + c; o += ym; c = bias ? bias[biasOff + m + 1] : 0;
    y[o] = s10 + c; y[o + y1] = s11 + c; y[o + y2] = s12 + c; y[o + y3] = s13 + c;
    y[o + y4] = s14 + c; y[o + y5] = s15 + c; y[o + y6] = s16 + c; y[o + y7] = s17 + c; o += ym; c = bias ? bias[biasOff + m + 2] : 0;
    y[o] = s20 + c; y[o + y1] = s21 + c; y[o + y2] = s22 + c; y[o + y3] = s23 + c;
    y[o + y4] = s24 + c; y[o + y5] = s25 + c; y[o + y6] = s26 + c; y[o + y7] = s27 + c; o += ym; c = bias ? bias[biasOff + m + 3] : 0;
    y[o] = s30 + c; y[o + y1] = s31 + c; y[o + y2] = s32 + c; y[o + y3] = s33 + c;
    y[o + y4] = s34 + c; y[o + y5] = s35 + c; y[o + y6] = s36 + c; y[o + y7] = s37 + c; o += ym; c = bias ? bias[biasOff + m + 4] : 0;
    y[o] = s40 + c; y[o + y1] = s41 + c; y[o + y2] = s42 + c; y[o + y3] = s43 + c;
    y[o + y4] = s44 + c; y[o + y5] = s45 + c; y[o + y6] = s46 + c; y[o + y7] = s47 + c; o += ym; c = bias ? bias[biasOff + m + 5] : 0;
    y[o] = s50 + c; y[o + y1] = s51 + c; y[o + y2] = s52 + c; y[o + y3] = s53 + c;
    y[o + y4] = s54 + c; y[o + y5] = s55 + c; y[o + y6] = s56 + c; y[o + y7] = s57 + c; o += ym; c = bias ? bias[biasOff + m + 6] : 0;
    y[o] = s60 + c; y[o + y1] = s61 + c; y[o + y2] = s62 + c; y[o + y3] = s63 + c;
    y[o + y4] = s64 + c; y[o + y5] = s65 + c; y[o + y6] = s66 + c; y[o + y7] = s67 + c; o += ym; c = bias ? bias[biasOff + m + 7] : 0;
    y[o] = s70 + c; y[o + y1] = s71 + c; y[o + y2] = s72 + c; y[o + y3] = s73 + c;
    y[o + y4] = s74 + c; y[o + y5] = s75 + c; y[o + y6] = s76 + c; y[o + y7] = s77 + c;
  }
}

function store4(y: TypedArray, o: number, yn: number, s0: number, s1: number, s2: number, s3: number,
                acc: boolean, bias: TypedArray | null, bi: number) {
  if (acc) { y[o] += s0; y[o + yn] += s1; y[o + 2 * yn] += s2; y[o + 3 * yn] += s3; return; }
  var c = bias ? bias[bi] : 0;
  y[o] = s0 + c; y[o + yn] = s1 + c; y[o + 2 * yn] = s2 + c; y[o + 3 * yn] = s3 + c;
}

// One row of A (contiguous, at p) times 4 columns of B (each contiguous in k, bn apart): the
// matrix-vector case (Gemm with transB and one row, as in the wake-word classifiers). k is
// unrolled by 4, A's 4 values loaded once for the 4 columns, one chained sum per column.
function row4(K: number, a: TypedArray, p: number, b: TypedArray, q0: number, bn: number,
              y: TypedArray, o: number, yn: number, acc: boolean, bias: TypedArray | null, bi: number) {
  var q1 = q0 + bn, q2 = q1 + bn, q3 = q2 + bn, pe = p + K - K % 4, pk = p + K;
  var t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  for (; p < pe; p += 4) {
    var a0 = a[p], a1 = a[p + 1], a2 = a[p + 2], a3 = a[p + 3];
    t0 = t0 + a0 * b[q0] + a1 * b[q0 + 1] + a2 * b[q0 + 2] + a3 * b[q0 + 3];
    t1 = t1 + a0 * b[q1] + a1 * b[q1 + 1] + a2 * b[q1 + 2] + a3 * b[q1 + 3];
    t2 = t2 + a0 * b[q2] + a1 * b[q2 + 1] + a2 * b[q2 + 2] + a3 * b[q2 + 3];
    t3 = t3 + a0 * b[q3] + a1 * b[q3 + 1] + a2 * b[q3 + 2] + a3 * b[q3 + 3];
    q0 += 4; q1 += 4; q2 += 4; q3 += 4;
  }
  for (; p < pk; p++) {
    var v = a[p];
    t0 += v * b[q0++]; t1 += v * b[q1++]; t2 += v * b[q2++]; t3 += v * b[q3++];
  }
  store4(y, o, yn, t0, t1, t2, t3, acc, bias, bi);
}

// Views of v from o, o + s, ..., o + 7s: v[o + r*s + i] is views[r][i], so one index walks 8
// vectors s apart (dots8) with no index arithmetic per load.
function shifted8(v: TypedArray, o: number, s: number): TypedArray[] {
  var views: TypedArray[] = [];
  for (var r = 0; r < 8; r++) views.push(v.subarray(o + r * s));
  return views;
}

// 8 dot products of one contiguous vector (x from xo) with 8 contiguous vectors (the views, from
// index i0), k four at a time, one chained sum per vector:
//   y[yo + r*ys] = sum_k x[xo + k] * V[r][i0 + k]  + (acc ? y : bias ? bias[bi + r*bs] : 0)
// The matrix-vector products: Gemm with transB and one row (the vectors are B's columns), and a
// conv's single output position (the vectors are the weights' rows). A load is one engine step
// (V[r][i]): about 1.5x loads at i + offset in Duktape and Espruino, the same in QuickJS and V8.
function dots8(K: number, x: TypedArray, xo: number, V: TypedArray[], i0: number,
               y: TypedArray, yo: number, ys: number, acc: boolean, bias: TypedArray | null, bi: number, bs: number) {
  var v0 = V[0], v1 = V[1], v2 = V[2], v3 = V[3], v4 = V[4], v5 = V[5], v6 = V[6], v7 = V[7];
  var t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, d = xo - i0, e = i0 + K - K % 4, ie = i0 + K;
  var i = i0, j = i0 + 1, k = i0 + 2, l = i0 + 3, u: number, v: number, w: number, z: number;
  for (; i < e; i += 4, j += 4, k += 4, l += 4) {
    u = x[i + d]; v = x[j + d]; w = x[k + d]; z = x[l + d];
    t0 = t0 + u * v0[i] + v * v0[j] + w * v0[k] + z * v0[l]; t1 = t1 + u * v1[i] + v * v1[j] + w * v1[k] + z * v1[l];
    t2 = t2 + u * v2[i] + v * v2[j] + w * v2[k] + z * v2[l]; t3 = t3 + u * v3[i] + v * v3[j] + w * v3[k] + z * v3[l];
    t4 = t4 + u * v4[i] + v * v4[j] + w * v4[k] + z * v4[l]; t5 = t5 + u * v5[i] + v * v5[j] + w * v5[k] + z * v5[l];
    t6 = t6 + u * v6[i] + v * v6[j] + w * v6[k] + z * v6[l]; t7 = t7 + u * v7[i] + v * v7[j] + w * v7[k] + z * v7[l];
  }
  for (; i < ie; i++) {
    u = x[i + d];
    t0 += u * v0[i]; t1 += u * v1[i]; t2 += u * v2[i]; t3 += u * v3[i]; t4 += u * v4[i]; t5 += u * v5[i]; t6 += u * v6[i]; t7 += u * v7[i];
  }
  put(y, yo, t0, acc, bias, bi); put(y, yo + ys, t1, acc, bias, bi + bs);
  put(y, yo + 2 * ys, t2, acc, bias, bi + 2 * bs); put(y, yo + 3 * ys, t3, acc, bias, bi + 3 * bs);
  put(y, yo + 4 * ys, t4, acc, bias, bi + 4 * bs); put(y, yo + 5 * ys, t5, acc, bias, bi + 5 * bs);
  put(y, yo + 6 * ys, t6, acc, bias, bi + 6 * bs); put(y, yo + 7 * ys, t7, acc, bias, bi + 7 * bs);
}

// as store4, one output
function put(y: TypedArray, o: number, t: number, acc: boolean, bias: TypedArray | null, bi: number) {
  y[o] = t + (acc ? y[o] : bias ? bias[bi] : 0);
}

// 4 rows of A (contiguous, am apart) x 3 columns of B (7 loads per 12 multiply-adds), or x 2
// (three false: 6 loads per 8). One function for both: on Espruino each function and each of its
// parameters costs the board a variable.
function cols3(M4: number, K: number, a: TypedArray, ao: number, am: number, b: TypedArray, q0: number, bk: number, bn: number,
               y: TypedArray, yo: number, ym: number, yn: number, bias: TypedArray | null, biasOff: number, acc: boolean, three: boolean) {
  var bn2 = bn + bn;
  for (var m = 0; m < M4; m += 4) {
    var p0 = ao + m * am, p1 = p0 + am, p2 = p1 + am, p3 = p2 + am, q = q0, k: number, b0: number, b1: number, b2: number, v: number;
    var s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0, s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0;
    if (three) for (k = 0; k < K; k++) {
      b0 = b[q]; b1 = b[q + bn]; b2 = b[q + bn2]; v = a[p0 + k];
      s00 += v * b0; s01 += v * b1; s02 += v * b2; v = a[p1 + k];
      s10 += v * b0; s11 += v * b1; s12 += v * b2; v = a[p2 + k];
      s20 += v * b0; s21 += v * b1; s22 += v * b2; v = a[p3 + k];
      s30 += v * b0; s31 += v * b1; s32 += v * b2;
      q += bk;
    }
    else for (k = 0; k < K; k++) {
      b0 = b[q]; b1 = b[q + bn]; v = a[p0 + k];
      s00 += v * b0; s01 += v * b1; v = a[p1 + k];
      s10 += v * b0; s11 += v * b1; v = a[p2 + k];
      s20 += v * b0; s21 += v * b1; v = a[p3 + k];
      s30 += v * b0; s31 += v * b1;
      q += bk;
    }
    // as store4: sum + (acc ? y : bias), rounded once by the store
    for (var r = 0; r < 4; r++) {
      var o = yo + (m + r) * ym, c = bias ? bias[biasOff + m + r] : 0;
      y[o] = (r === 0 ? s00 : r === 1 ? s10 : r === 2 ? s20 : s30) + (acc ? y[o] : c); o += yn;
      y[o] = (r === 0 ? s01 : r === 1 ? s11 : r === 2 ? s21 : s31) + (acc ? y[o] : c);
      if (three) { o += yn; y[o] = (r === 0 ? s02 : r === 1 ? s12 : r === 2 ? s22 : s32) + (acc ? y[o] : c); }
    }
  }
}

