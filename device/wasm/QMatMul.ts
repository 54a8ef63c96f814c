// tinyonnx.int8:QMatMul on the wasm core, for a constant 2-D b (the converter's Gemm and MatMul
// weights): b less its zero point is laid out once, pair-interleaved along K (int16,
// targets/wasm/int8Wat.ts), the columns padded to a multiple of 4; each eval copies a into wasm
// memory and widens it less its zero point to int16 ("widen"), the integer GEMM gives the exact int32 accumulators
// bias[n] + sum_k (a - az) * (b - bz[n]), the JS kernel's integers, and the core's requantization
// ("rq", exact as int8/requant.ts rqRound) gives the same bytes. Anything else
// (a batched or non-constant b, sums that could leave int32, no core) runs the JS kernel.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/QMatMul';
import { rqParams, rqAlpha, perChannel, actRange, outDtype, intList, tableOffset } from '../kernels/int8/requant';
import { core, place, open, isConstant } from './core';
import { placeRq } from './rq';

export function prepare(node: Node) {
  var A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0], a = node.attrs, sp = core();
  if (!sp || B.shape.length !== 2 || A.shape.length < 1 || !isConstant(B, Y)) return jsPrepare(node);
  var tB = !!a.transB, K = tB ? B.shape[1] : B.shape[0], N = tB ? B.shape[0] : B.shape[1];
  var rows = K ? A.data.length / K : 0;
  if (!K || !N || !rows || A.shape[A.shape.length - 1] !== K) return jsPrepare(node);
  var K2 = (K + 1) >> 1, Ke = 2 * K2, Np = (N + 3) & ~3;
  var bz = intList(a.b_zero_point, 0), bzPer = perChannel(bz, N, 'b_zero_point'), az = a.a_zero_point | 0;
  var mult = intList(a.multiplier, 0), shift = intList(a.shift, 31), per = perChannel(mult, N, 'multiplier');
  var rq = rqParams(mult, shift, 'multiplier');
  var rn = a.alpha_multiplier !== undefined ? rqAlpha(mult, shift, a.alpha_multiplier, a.alpha_shift, 'alpha') : null;
  var T = node.inputs[2], table = T ? T.data : null, qt = outDtype(a), toff = tableOffset(qt);
  var range = actRange(a, qt), lo = range[0], hi = range[1], yz = a.y_zero_point | 0;
  // b less its zero point: element (k, n) at (k >> 1) * 2 * Np + 2 * n + (k & 1); padding 0
  var b = B.data, bq = new Int16Array(K2 * 2 * Np), bmax = 0, cmax = 0, k: number, n: number;
  for (k = 0; k < K; k++) for (n = 0; n < N; n++) {
    var v = (tB ? b[n * K + k] : b[k * N + n]) - bz[bzPer ? n : 0];
    bq[(k >> 1) * 2 * Np + 2 * n + (k & 1)] = v;
    if (v > bmax || -v > bmax) bmax = v < 0 ? -v : v;
  }
  var bias: Int32Array | null = a.bias ? new Int32Array(Np) : null;
  if (bias) for (n = 0; n < N; n++) { bias[n] = a.bias[n]; if (a.bias[n] > cmax || -a.bias[n] > cmax) cmax = a.bias[n] < 0 ? -a.bias[n] : a.bias[n]; }
  var amax = A.dtype === 2 ? (az > 255 - az ? az : 255 - az) : (az + 128 > 127 - az ? az + 128 : 127 - az);
  if (K * amax * bmax + cmax >= 2147483648) return jsPrepare(node);
  var pb = place(sp, new Float32Array(bq.buffer), K2 * Np), pbias = bias ? place(sp, new Float32Array(bias.buffer), Np) : 0;
  var pa = place(sp, null, rows * K2), py = place(sp, null, rows * Np), mode = bias ? 3 : 0;
  // the requantization (and a fused table) runs on the core too, into the output in wasm memory
  var pr = placeRq(sp, rq, rn, shift, table), pout = place(sp, null, (rows * N + 3) >> 2), step = per ? 4 : 0;
  var px = place(sp, null, (rows * K + 3) >> 2), u = A.dtype === 2 ? 1 : 0;
  var x = A.data, y = Y.data, s = sp, xin: Int8Array | Uint8Array | null = null, out: Int8Array | Uint8Array | null = null;
  return function () {
    var w = open(s), m: number;
    if (!xin) {
      xin = u ? new Uint8Array(s.heap!.buffer, px, rows * K) : new Int8Array(s.heap!.buffer, px, rows * K);
      out = Y.dtype === 2 ? new Uint8Array(s.heap!.buffer, pout, rows * N) : new Int8Array(s.heap!.buffer, pout, rows * N);
    }
    xin.set(x as any);
    for (m = 0; m < rows; m++) w.widen(px + m * K, pa + m * Ke * 2, K, az, u);
    w.qgemm(rows, Np, K2, pa, Ke * 2, pb, Np * 4, py, Np * 4, pbias, mode);
    for (m = 0; m < rows; m++) w.rq(py + m * Np * 4, N, pout + m * N, pr.pm, pr.pn, pr.ps, step, yz, lo, hi, pr.pt, toff);
    y.set(out!);
  };
}
