// Rounding and saturation for quantized outputs, identical in every JS engine.
//
// ONNX rounds x / scale half to even (numpy.rint). Math.round is no substitute: it rounds
// halves up (-2.5 -> -2, 2.5 -> 3), and some small engines have differed on negative halves.
// Here only Math.floor and exact subtraction are used: for |x| < 2^52, x - floor(x) is exact,
// so the tie test d === 0.5 is exact; above 2^52 every double is already an integer (d = 0).
// NaN stays NaN (callers saturate it; see quantize below), +-Infinity stay infinite.
import { fail } from '../contract';
import { UINT8, INT8, UINT16, INT16, INT32, UINT32, FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT4, UINT4, INT2, UINT2,
  DTYPE_NAME } from '../../dtype';
import { narrowIntMin, narrowIntMax, roundFloat16, roundBfloat16 } from '../elementwise/narrow';

export function roundHalfEven(x: number): number {
  var f = Math.floor(x), d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;   // a tie: pick the even neighbour (f % 2 is -1 or 1 when odd)
}

export function isQuantInt(dtype: number): boolean {
  return dtype === UINT8 || dtype === INT8 || dtype === UINT16 || dtype === INT16 || dtype === INT32 ||
    dtype === INT4 || dtype === UINT4 || dtype === INT2 || dtype === UINT2;
}

// Lowest and highest value of a quantized integer type.
export function qMin(dtype: number): number {
  if (dtype === INT4 || dtype === UINT4 || dtype === INT2 || dtype === UINT2) return narrowIntMin(dtype);
  return dtype === UINT8 || dtype === UINT16 || dtype === UINT32 ? 0 : dtype === INT8 ? -128 :
    dtype === INT16 ? -32768 : dtype === INT32 ? -2147483648 : fail((DTYPE_NAME[dtype] || dtype) + ' is not a quantized integer type');
}
export function qMax(dtype: number): number {
  if (dtype === INT4 || dtype === UINT4 || dtype === INT2 || dtype === UINT2) return narrowIntMax(dtype);
  return dtype === UINT8 ? 255 : dtype === INT8 ? 127 : dtype === UINT16 ? 65535 : dtype === INT16 ? 32767 :
    dtype === INT32 ? 2147483647 : dtype === UINT32 ? 4294967295 : fail((DTYPE_NAME[dtype] || dtype) + ' is not a quantized integer type');
}

// round(x) + zp clamped to [lo, hi]. The zero point is added after rounding: with an odd zero
// point, round(1.5) + 1 = 3 but round(1.5 + 1) = 2. NaN maps to lo (as numpy's cast does in
// practice), without any engine-dependent float-to-int conversion.
export function quantize(x: number, zp: number, lo: number, hi: number): number {
  var r = roundHalfEven(x) + zp;
  return r >= lo ? (r <= hi ? r : hi) : lo;
}

// The float type numpy computes a / b in, for float operands of types ta and tb (both stored
// widened): 0 double, 1 float32, 2 float16, 3 bfloat16 (ml_dtypes: bfloat16 with float16 is
// float32). Integer operands count as double (numpy: int32 / float32 is float64).
export function arithType(ta: number, tb: number): number {
  if (ta === DOUBLE || tb === DOUBLE || !isFloatish(ta) || !isFloatish(tb)) return 0;
  if (ta === tb && ta === FLOAT16) return 2;
  if (ta === tb && ta === BFLOAT16) return 3;
  return 1;
}
function isFloatish(t: number): boolean { return t === FLOAT || t === FLOAT16 || t === BFLOAT16; }

// The precision attribute (QuantizeLinear 23+) as an arithType code, or -1 when absent.
export function precisionType(p: any): number {
  return p === undefined || p === 0 ? -1 : p === DOUBLE ? 0 : p === FLOAT ? 1 : p === FLOAT16 ? 2 : p === BFLOAT16 ? 3 :
    fail('precision ' + (DTYPE_NAME[p] || p) + ' is not a float type');
}

// v rounded as arithmetic in type `at` would leave it: float32 first (numpy's float16 and
// bfloat16 arithmetic runs in float32), then to the narrow type. t is a 1-element scratch.
export function roundArith(at: number, v: number, t: Float32Array): number {
  if (at === 0) return v;
  t[0] = v;
  return at === 1 ? t[0] : at === 2 ? roundFloat16(t[0]) : roundBfloat16(t[0]);
}

// A * B / C rounded step by step in the scale type (the requantization multiplier of QLinear*).
export function scaleRatio(at: number, a: number, b: number, c: number, t: Float32Array): number {
  return roundArith(at, roundArith(at, a * b, t) / c, t);
}
