// The matrix-product core of Conv, MatMul and Gemm, over strided views:
//   Y[m,n] = (acc ? Y[m,n] : bias[m]) + sum_k A[m,k] * B[k,n]
//   A[m,k] = a[ao + m*am + k*ak], B[k,n] = b[bo + k*bk + n*bn], Y[m,n] = y[yo + m*ym + n*yn]
// Strides let callers pass transposed operands, im2col buffers or plain strided input
// windows without copying. Work is done in 4x4 register tiles (16 accumulators in locals,
// 8 loads per 16 multiply-adds), columns outermost so a K x 4 panel of B stays in cache
// while every row block of A passes over it. Edges use 1x4, 4x1 and 1x1 tiles.
import { TypedArray } from '../../dtype';

export function gemm(M: number, N: number, K: number,
                     a: TypedArray, ao: number, am: number, ak: number,
                     b: TypedArray, bo: number, bk: number, bn: number,
                     y: TypedArray, yo: number, ym: number, yn: number,
                     bias: TypedArray | null, biasOff: number, acc: boolean): void {
  var M4 = M - M % 4, N4 = N - N % 4, bn2 = bn + bn, bn3 = bn2 + bn;
  var m: number, n: number, k: number, p0: number, p1: number, p2: number, p3: number, q: number, o: number;
  var unit = ak === 1 && bn === 1;
  for (n = 0; n < N4; n += 4) {
    var qn = bo + n * bn;
    if (unit) m = tiles(M4, K, a, ao, am, b, qn, bk, y, yo + n * yn, ym, yn, bias, biasOff, acc);
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
  for (; n < N; n++) {
    var qc = bo + n * bn;
    for (m = 0; m < M4; m += 4) {
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
function tiles(M4: number, K: number, a: TypedArray, ao: number, am: number, b: TypedArray, q0: number, bk: number,
               y: TypedArray, yo: number, ym: number, yn: number, bias: TypedArray | null, biasOff: number, acc: boolean): number {
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

function store4(y: TypedArray, o: number, yn: number, s0: number, s1: number, s2: number, s3: number,
                acc: boolean, bias: TypedArray | null, bi: number) {
  if (acc) { y[o] += s0; y[o + yn] += s1; y[o + 2 * yn] += s2; y[o + 3 * yn] += s3; return; }
  var c = bias ? bias[bi] : 0;
  y[o] = s0 + c; y[o + yn] = s1 + c; y[o + 2 * yn] = s2 + c; y[o + 3 * yn] = s3 + c;
}
