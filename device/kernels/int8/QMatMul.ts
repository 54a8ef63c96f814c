// tinyonnx.int8:QMatMul — int8/uint8 matrix product (numpy.matmul shapes) with integer
// requantization; Gemm (transA = 0) maps onto it with B transposed at build time.
//   acc[m, n] = bias[n] + sum_k (a[m, k] - a_zero_point) * (b[k, n] - b_zero_point[n])   (exact)
//   y = clamp(y_zero_point + roundHalfEven(acc * multiplier[n] / 2^shift[n]), act_min, act_max)
// with the multiplier scaled by alpha_multiplier / 2^alpha_shift for negative accumulators
// (a fused LeakyRelu) when given.
// Inputs: a, b (int8/uint8; b usually constant), table (optional, as QConv's: y = table[requantized
// value], y of the table's type). With transB = 1, b is 2-D and given as [N, K] (how the
// converter stores constant weights: each column's weights contiguous, four columns summed at
// a time in registers). Attributes: transB, bias (int32, one per column), a_zero_point, b_zero_point (one or per column), y_zero_point, multiplier, shift (one or per
// column), alpha_multiplier, alpha_shift, act_min, act_max, output_dtype. See util/int8-requant.ts.
import { Node, Tensor, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { matmulGeom, mmInt } from '../quant/matmulInt';
import { rqParams, rqAlpha, rqRound, perChannel, actRange, outDtype, isInt8Type, intList, tableOffset } from './requant';
import { INT8_DOMAIN } from './domain';
import { INT32, sizeOf } from '../../dtype';
import { nativeDotFn } from '../nn/nativeDot';

export var meta: Meta = { op: 'QMatMul', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8', 'int32'] };

function shapeOfB(node: { inputs: any[]; attrs: any }): number[] {
  var b = node.inputs[1]!.shape;
  if (!node.attrs.transB) return b;
  if (b.length !== 2) fail('with transB, b must be 2-D, got [' + b + ']');
  return [b[1], b[0]];
}

export var infer: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[1]!, bias = node.attrs.bias;
  if (!isInt8Type(a.dtype) || !isInt8Type(b.dtype)) fail('a and b must be int8 or uint8');
  var g = matmulGeom(a.shape, shapeOfB(node));
  if (bias && bias.length !== g.N) fail('bias must have one entry per column (' + g.N + ')');
  perChannel(intList(node.attrs.multiplier, 0), g.N, 'multiplier');
  var t = node.inputs[2];
  if (t && (!isInt8Type(t.dtype) || sizeOf(t.shape) !== 256)) fail('table must have 256 int8 or uint8 entries');
  outDtype(node.attrs);
  return [{ dtype: t ? t.dtype : outDtype(node.attrs), shape: g.outShape }];
};

function zpTensor(v: number[]): Tensor | null {
  for (var i = 0; i < v.length; i++) if (v[i] !== 0) return { dtype: INT32, shape: [v.length], data: new Int32Array(v), quant: null };
  return null;
}

export function prepare(node: Node) {
  var A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0], a = node.attrs;
  var g = matmulGeom(A.shape, shapeOfB(node)), N = g.N, K = g.K, y = Y.data, bias = a.bias ? new Float64Array(a.bias) : null;
  var bz = intList(a.b_zero_point, 0), bzPer = perChannel(bz, N, 'b_zero_point'), az = a.a_zero_point | 0;
  var mult = intList(a.multiplier, 0), shift = intList(a.shift, 31), per = perChannel(mult, N, 'multiplier');
  var rq = rqParams(mult, shift, 'multiplier');
  var rn = a.alpha_multiplier !== undefined ? rqAlpha(mult, shift, a.alpha_multiplier, a.alpha_shift, 'alpha') : null;
  var T = node.inputs[2], table = T ? T.data : null, qt = outDtype(a), toff = tableOffset(qt);
  var range = actRange(a, qt), lo = range[0], hi = range[1], yz = a.y_zero_point | 0;
  var mh = rq.mh, ml = rq.ml, two = rq.two, inv = rq.inv, half = rq.half;
  function row(o: number, m: number, acc: Float64Array) {
    for (var n = 0; n < N; n++) {
      var c = per ? n : 0, v = acc[n] + (bias ? bias[n] : 0), q: number;
      if (rn && v < 0) q = rqRound(v, rn.mh[c], rn.ml[c], rn.two[c], rn.inv[c], rn.half[c]);
      else q = rqRound(v, mh[c], ml[c], two[c], inv[c], half[c]);
      q += yz;
      q = q < lo ? lo : q > hi ? hi : q;
      y[o + n] = table ? table[q + toff] : q;
    }
  }
  if (!a.transB) return mmInt(g, A, B, zpTensor([az]), zpTensor(bz), row);
  // b as [N, K]: acc[n] = sum_k (a[m, k] - az) * b[n, k] - sum_k (a[m, k] - az) * bz[n]
  // (Espruino: one native dot per column, ar against b's row)
  var x = A.data, b = B.data, rows = x.length / K, ar = new Float64Array(K), acc = new Float64Array(N), N4 = N - N % 4, dot = nativeDotFn();
  return function () {
    for (var m = 0; m < rows; m++) {
      var sa = 0, j: number, k: number, n = N;
      for (k = 0; k < K; k++) { ar[k] = x[m * K + k] - az; sa += ar[k]; }
      if (dot) for (n = 0; n < N; n++) acc[n] = dot(ar, b, n * K);
      else for (n = 0; n < N4; n += 4) {
        var r0 = n * K, r1 = r0 + K, r2 = r1 + K, r3 = r2 + K, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (k = 0; k < K; k++) { var v = ar[k]; s0 += v * b[r0 + k]; s1 += v * b[r1 + k]; s2 += v * b[r2 + k]; s3 += v * b[r3 + k]; }
        acc[n] = s0; acc[n + 1] = s1; acc[n + 2] = s2; acc[n + 3] = s3;
      }
      for (; n < N; n++) { var s = 0, r = n * K; for (k = 0; k < K; k++) s += ar[k] * b[r + k]; acc[n] = s; }
      if (bzPer || bz[0]) for (j = 0; j < N; j++) acc[j] -= sa * bz[bzPer ? j : 0];
      row(m * N, m, acc);
    }
  };
}
