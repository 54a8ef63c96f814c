// Integer requantization for the tinyonnx.int8 kernels, bit-identical in every JS engine.
//
// A requantization multiplies an exact integer accumulator `acc` by a real ratio of scales
// (e.g. x_scale * w_scale / y_scale). The converter turns each ratio into a fixed-point pair
// (multiplier, shift) at build time: ratio ~= multiplier / 2^shift with multiplier in
// [0, 2^31) (the largest of a node's in [2^30, 2^31): 31 significant bits, as TFLite's
// QuantizeMultiplier) and 17 <= shift <= 62.
// At run time:
//
//   y = clamp(zero_point + roundHalfEven(acc * multiplier / 2^shift), act_min, act_max)
//
// The rounding is round half to even (what ONNX QuantizeLinear and onnxruntime do), computed
// exactly: no float rounding ever happens. acc * multiplier can reach 2^67, beyond the 2^53 of
// a double, so the product is taken in two 16-bit-split halves (multiplier = mh * 2^16 + ml):
//   p0 = acc * ml               |p0| < 2^52          exact
//   q0 = floor(p0 / 2^16)       r0 = p0 - q0 * 2^16  exact (division by a power of two)
//   H  = acc * mh + q0          acc * multiplier = H * 2^16 + r0, |H| < 2^52, exact
//   f  = floor(H / 2^k)         k = shift - 16; rH = H - f * 2^k   exact
// so acc * multiplier / 2^shift = f + (rH * 2^16 + r0) / 2^shift, and the fraction is compared
// with 1/2 through rH against 2^(k-1) and r0 against 0. Valid for |acc| < 2^36.
// Only +, -, *, Math.floor and comparisons on doubles holding integers are used: no BigInt,
// Math.imul, Math.round or float-to-int conversion whose result could differ between engines.
import { TypedArray } from '../../dtype';
import { fail } from '../contract';

// Precomputed per-channel constants of a (multiplier, shift) list.
export interface Rq { m: Float64Array; mh: Float64Array; ml: Float64Array; two: Float64Array; inv: Float64Array; half: Float64Array;
  twoN: Float64Array; invN: Float64Array; halfN: Float64Array; n: number }

export function rqParams(mult: ArrayLike<number>, shift: ArrayLike<number>, what: string): Rq {
  var n = mult.length;
  if (!n || (shift.length !== n && shift.length !== 1)) fail(what + ': multiplier and shift must be non-empty lists, shift of length 1 or that of multiplier');
  var r: Rq = { m: new Float64Array(n), mh: new Float64Array(n), ml: new Float64Array(n), two: new Float64Array(n), inv: new Float64Array(n),
    half: new Float64Array(n), twoN: new Float64Array(n), invN: new Float64Array(n), halfN: new Float64Array(n), n: n };
  for (var i = 0; i < n; i++) {
    var m = mult[i], s = shift[shift.length > 1 ? i : 0];
    if (!(m >= 0 && m < 2147483648 && m === Math.floor(m))) fail(what + ': multiplier ' + m + ' is not in [0, 2^31)');
    if (!(s >= 17 && s <= 62 && s === Math.floor(s))) fail(what + ': shift ' + s + ' is not in [17, 62]');
    r.m[i] = m;
    r.mh[i] = Math.floor(m / 65536);
    r.ml[i] = m - r.mh[i] * 65536;
    var two = 1;
    for (var k = 16; k < s; k++) two *= 2;   // 2^(shift - 16), exact
    r.two[i] = two;
    r.inv[i] = 1 / two;                      // a power of two: exact
    r.half[i] = two / 2;
    r.twoN[i] = two * 65536;                 // 2^shift
    r.invN[i] = 1 / r.twoN[i];
    r.halfN[i] = two * 32768;
  }
  return r;
}

// Multipliers for negative accumulators of a fused LeakyRelu/PRelu with slope
// alpha = alpha_multiplier / 2^alpha_shift (alpha_multiplier < 2^22, a build-time pair):
// neg[c] = floor((multiplier[c] * alpha_multiplier + 2^(alpha_shift - 1)) / 2^alpha_shift),
// exact integer arithmetic (the product stays below 2^53); they share shift[c].
export function rqAlpha(mult: ArrayLike<number>, shift: ArrayLike<number>, am: number, as: number, what: string): Rq {
  if (!(am >= 0 && am < 4194304 && am === Math.floor(am)) || !(as >= 1 && as <= 52 && as === Math.floor(as)))
    fail(what + ': alpha_multiplier must be in [0, 2^22) and alpha_shift in [1, 52]');
  var two = 1;
  for (var k = 0; k < as; k++) two *= 2;
  var neg: number[] = [];
  for (var i = 0; i < mult.length; i++) neg.push(Math.floor((mult[i] * am + two / 2) / two));   // exact: < 2^53
  return rqParams(neg, shift, what);
}

// roundHalfEven(acc * multiplier / 2^shift) with the constants of one channel (see above).
export function rqRound(acc: number, mh: number, ml: number, two: number, inv: number, half: number): number {
  var p0 = acc * ml, q0 = Math.floor(p0 * 0.0000152587890625), r0 = p0 - q0 * 65536;
  var H = acc * mh + q0, f = Math.floor(H * inv), rH = H - f * two;
  if (rH > half || (rH === half && (r0 > 0 || f % 2 !== 0))) f += 1;
  return f;
}

// Requantizes a row of accumulators of one channel into y[o ..], with zero point and clamp;
// through a fused 256-entry table (entry v + toff for value v) when t is given. rn: the
// multipliers of negative accumulators (a fused LeakyRelu), or null. While |acc| < 2^22 the
// product acc * multiplier is below 2^53 and is rounded directly (same result, fewer steps).
export function rqRow(acc: TypedArray, a0: number, n: number, r: Rq, rn: Rq | null, c: number, zp: number, lo: number, hi: number,
                      y: TypedArray, o: number, t: TypedArray | null, toff: number) {
  if (rn) {
    for (var i = 0; i < n; i++) {
      var a = acc[a0 + i], rr = a < 0 ? rn : r;
      var v = rqRound(a, rr.mh[c], rr.ml[c], rr.two[c], rr.inv[c], rr.half[c]) + zp;
      v = v < lo ? lo : v > hi ? hi : v;
      y[o + i] = t ? t[v + toff] : v;
    }
    return;
  }
  var m = r.m[c], tn = r.twoN[c], inn = r.invN[c], hn = r.halfN[c];
  var mh = r.mh[c], ml = r.ml[c], two = r.two[c], inv = r.inv[c], half = r.half[c];
  if (t) {
    for (var j = 0; j < n; j++) {
      var b = acc[a0 + j], q: number;
      if (b < 4194304 && b > -4194304) {
        var P = b * m, f = Math.floor(P * inn), rem = P - f * tn;
        q = rem > hn || (rem === hn && f % 2 !== 0) ? f + 1 : f;
      } else q = rqRound(b, mh, ml, two, inv, half);
      q += zp;
      y[o + j] = t[(q < lo ? lo : q > hi ? hi : q) + toff];
    }
    return;
  }
  for (var k = 0; k < n; k++) {
    var e = acc[a0 + k], u: number;
    if (e < 4194304 && e > -4194304) {
      var P2 = e * m, f2 = Math.floor(P2 * inn), rem2 = P2 - f2 * tn;
      u = rem2 > hn || (rem2 === hn && f2 % 2 !== 0) ? f2 + 1 : f2;
    } else u = rqRound(e, mh, ml, two, inv, half);
    u += zp;
    y[o + k] = u < lo ? lo : u > hi ? hi : u;
  }
}

// A per-channel list (one entry per channel) or one entry for all: the channel's index.
export function perChannel(list: ArrayLike<number>, channels: number, what: string): number {
  if (list.length === 1) return 0;
  if (list.length !== channels) fail(what + ' has ' + list.length + ' entries, expected 1 or ' + channels);
  return 1;
}

// The clamp of an int8 kernel's output: act_min/act_max attributes within the output type.
export function actRange(attrs: any, dtype: number): number[] {
  var lo = dtype === 2 ? 0 : -128, hi = dtype === 2 ? 255 : 127;   // uint8 : int8
  if (dtype !== 2 && dtype !== 3) fail('output type must be int8 or uint8');
  if (attrs.act_min !== undefined && attrs.act_min > lo) lo = attrs.act_min;
  if (attrs.act_max !== undefined && attrs.act_max < hi) hi = attrs.act_max;
  return [lo, hi];
}

// Output element type of an int8 kernel: the output_dtype attribute (int8 = 3 or uint8 = 2).
export function outDtype(attrs: any): number {
  var t = attrs.output_dtype === undefined ? 3 : attrs.output_dtype;
  if (t !== 2 && t !== 3) fail('output_dtype must be int8 (3) or uint8 (2), got ' + t);
  return t;
}

// An int or ints attribute as a list; [dflt] when absent.
export function intList(v: any, dflt: number): number[] {
  if (v === undefined || v === null) return [dflt];
  if (typeof v === 'number') return [v];
  var r: number[] = [];
  for (var i = 0; i < v.length; i++) r.push(v[i]);
  return r;
}

export function isInt8Type(dtype: number): boolean { return dtype === 2 || dtype === 3; }

// Offset that maps a value of an int8/uint8 tensor to a 0..255 table index.
export function tableOffset(dtype: number): number { return dtype === 3 ? 128 : 0; }

// 256-entry table of requantized values: t[v + off] = clamp(zy + round((v - zx) * ratio)).
export function rqTable(dtypeIn: number, zx: number, mult: number, shift: number, zy: number, lo: number, hi: number): Float64Array {
  var r = rqParams([mult], [shift], 'requantization'), t = new Float64Array(256), off = tableOffset(dtypeIn);
  for (var i = 0; i < 256; i++) {
    var v = rqRound(i - off - zx, r.mh[0], r.ml[0], r.two[0], r.inv[0], r.half[0]) + zy;
    t[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return t;
}
