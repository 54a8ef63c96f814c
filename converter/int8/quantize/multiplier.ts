// Build-time half of requantization: a positive real ratio of scales → (multiplier, shift) with
// ratio ~= multiplier / 2^shift, multiplier in [2^30, 2^31) (31 significant bits) and shift in
// [17, 62], as ops-registry/util/int8-requant.ts expects. Ratios below 2^-31 lose low bits of
// the multiplier (shift stays 62); ratios of 2^14 or more cannot be represented.
import { userError } from '../../../base/errors';

export function quantizeMultiplier(real: number, where: string): [number, number] {
  if (!(real >= 0) || !isFinite(real)) userError(`${where}: requantization ratio ${real} is not a finite non-negative number`);
  if (real === 0) return [0, 31];
  var shift = 31, frac = real;
  while (frac >= 1) { frac /= 2; shift--; }     // exact: divisions by two
  while (frac < 0.5) { frac *= 2; shift++; }
  var m = Math.round(frac * 2147483648);        // frac * 2^31 in [2^30, 2^31]
  if (m === 2147483648) { m = 1073741824; shift--; }
  while (shift > 62) { m = Math.round(m / 2); shift--; }
  if (shift < 17) userError(`${where}: requantization ratio ${real} is too large (must be below 16384); the scales do not fit int8 arithmetic`);
  return [m, shift];
}

// Per-channel multipliers, with one shared shift (4 bytes less per channel) when every
// multiplier keeps at least 24 significant bits (float32's precision) at the smallest shift,
// i.e. the channels' ratios span less than 2^7; otherwise one shift per channel.
export function quantizeMultipliers(reals: ArrayLike<number>, where: string): { multiplier: number[]; shift: number[] } {
  var multiplier: number[] = [], shift: number[] = [];
  for (var i = 0; i < reals.length; i++) {
    var q = quantizeMultiplier(reals[i], where);
    multiplier.push(q[0]); shift.push(q[1]);
  }
  var live = shift.filter((_, i) => multiplier[i] !== 0);
  if (!live.length) return { multiplier, shift: [31] };
  var common = Math.min(...live), spread = Math.max(...live) - common;
  if (spread > 7) return { multiplier, shift };
  return { multiplier: multiplier.map((m, i) => Math.round(m / Math.pow(2, shift[i] - common))), shift: [common] };
}

// x_scale * w_scale / y_scale in double precision: the exact ratio of the float32 scales, to
// 31 bits in the multiplier. (Rounding it to float32 step by step, as the ONNX reference
// writes QLinearConv, agrees less often with onnxruntime on real models.)
export function scaleRatio(a: number, b: number, c: number): number {
  return a * b / c;
}

// A fused LeakyRelu/PRelu slope 0 <= alpha <= 1 as alpha_multiplier / 2^alpha_shift with
// alpha_multiplier < 2^22 (22 significant bits), for util/int8-requant.ts rqAlpha.
export function quantizeAlpha(alpha: number, where: string): [number, number] {
  if (!(alpha >= 0 && alpha <= 1)) userError(`${where}: a fused activation slope must be in [0, 1], got ${alpha}`);
  if (alpha === 0) return [0, 1];
  var shift = 22, frac = alpha;
  while (frac < 0.5 && shift < 52) { frac *= 2; shift++; }
  var m = Math.round(frac * 4194304);          // frac * 2^22 in [2^21, 2^22]
  if (m === 4194304) { m = 2097152; shift--; }
  return [m, shift];
}

// QAdd's requantization: ra ~= a_multiplier / 2^shift and rb ~= b_multiplier / 2^shift with one
// shared shift <= 52 that gives the larger multiplier 31 bits; null when a ratio reaches 2^30.
export function addMultipliers(ra: number, rb: number): [number, number, number] | null {
  var big = Math.max(ra, rb), s = 0;
  if (!(big < 1073741824)) return null;
  while (s < 52 && big * Math.pow(2, s + 1) < 2147483648) s++;
  return [Math.round(ra * Math.pow(2, s)), Math.round(rb * Math.pow(2, s)), s];
}
