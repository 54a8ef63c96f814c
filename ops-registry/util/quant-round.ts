// Rounding and saturation for quantized integer outputs, identical in every JS engine.
//
// ONNX rounds x / scale half to even (numpy.rint). Math.round is no substitute: it rounds
// halves up (-2.5 -> -2, 2.5 -> 3), and some small engines have differed on negative halves.
// Here only Math.floor and exact subtraction are used: for |x| < 2^52, x - floor(x) is exact,
// so the tie test d === 0.5 is exact; above 2^52 every double is already an integer (d = 0).
// NaN stays NaN (callers saturate it; see saturate below), +-Infinity stay infinite.
import { fail } from '../kernel';
import { UINT8, INT8, UINT16, INT16, INT32, UINT32 } from '../../format/dtype';

export function roundHalfEven(x: number): number {
  var f = Math.floor(x), d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;   // a tie: pick the even neighbour (f % 2 is -1 or 1 when odd)
}

// Lowest and highest value of a quantized integer type.
export function qMin(dtype: number): number {
  return dtype === UINT8 || dtype === UINT16 || dtype === UINT32 ? 0 : dtype === INT8 ? -128 :
    dtype === INT16 ? -32768 : dtype === INT32 ? -2147483648 : fail('element type ' + dtype + ' is not a quantized integer type');
}
export function qMax(dtype: number): number {
  return dtype === UINT8 ? 255 : dtype === INT8 ? 127 : dtype === UINT16 ? 65535 : dtype === INT16 ? 32767 :
    dtype === INT32 ? 2147483647 : dtype === UINT32 ? 4294967295 : fail('element type ' + dtype + ' is not a quantized integer type');
}

// round(x) + zp clamped to [lo, hi]. The zero point is added after rounding: with an odd zero
// point, round(1.5) + 1 = 3 but round(1.5 + 1) = 2. NaN maps to lo (as numpy's cast does in
// practice), without any engine-dependent float-to-int conversion.
export function quantize(x: number, zp: number, lo: number, hi: number): number {
  var r = roundHalfEven(x) + zp;
  return r >= lo ? (r <= hi ? r : hi) : lo;
}
