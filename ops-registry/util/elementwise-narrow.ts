// Rounding into the reduced-precision element types. Their tensors are stored widened, value for
// value (format/dtype.ts), so "casting into" one of them means mapping a JS number to the nearest
// value the narrow type can represent, returned as a number for the widened array:
//   float16, bfloat16          IEEE round-to-nearest-even; overflow gives +-Infinity.
//   float8 e4m3fn/e4m3fnuz/    round-to-nearest-even; out of range (and +-Infinity) saturates to
//   e5m2/e5m2fnuz              +-max, or without saturation gives NaN (e5m2: +-Infinity). The
//                              FNUZ types have no negative zero (-0 and tiny negatives give +0).
//   float4e2m1                 round-to-nearest-even, always saturating to +-6; NaN gives -0
//                              (no NaN encoding; what the ONNX reference, ml_dtypes, produces).
//   float8e8m0                 powers of two 2^-127..2^127, 0xFF = NaN; follows the ONNX reference
//                              (numpy_helper.to_float8e8m0): the input is taken as float32, its sign
//                              ignored, its exponent field kept and bumped per round_mode; zero
//                              gives 2^-127; NaN and +-Infinity give NaN.
//   int4/uint4/int2/uint2      truncate toward zero, then keep the low bits (two's complement
//                              wrap, as the backend tests expect: -9 -> int4 7); NaN/+-Inf give 0.
// Only arithmetic on doubles plus one 4-byte scratch read as float32 and uint32 (same element
// size, so byte order does not matter), which also builds exact powers of two.
import { FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT4E2M1,
  FLOAT8E8M0, INT4, UINT4, INT2, UINT2 } from '../../format/dtype';

var F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer);
var TWO64 = 18446744073709551616, TWO_M64 = 1 / TWO64;

// 2^e, exactly, for integer -190 <= e <= 190: built as float32 bits (clobbers the scratch).
function pow2(e: number): number {
  if (e < -126) return pow2(e + 64) * TWO_M64;
  if (e > 127) return pow2(e - 64) * TWO64;
  U32[0] = (e + 127) * 8388608;   // exponent field << 23
  return F32[0];
}

// floor(log2(a)) for 2^-126 <= a < 2^129: the float32 exponent field, corrected where rounding
// to float32 moved a into the next binade (or to Infinity).
function ilog2(a: number): number {
  F32[0] = a;
  var e = ((U32[0] >>> 23) & 255) - 127;
  while (pow2(e) > a) e--;
  while (e < 128 && pow2(e + 1) <= a) e++;
  return e;
}

// Nearest-even rounding of x to a binary format with `mb` mantissa bits, smallest normal
// exponent `emin`, largest finite value `max`. Results above max become `ovf` (sign applied);
// `negZero` false turns a negative zero result into +0.
function roundBinary(x: number, mb: number, emin: number, max: number, ovf: number, negZero: boolean): number {
  if (x !== x) return NaN;
  var neg = x < 0 || (x === 0 && 1 / x < 0), a = neg ? -x : x, v: number;
  if (a >= 2 * max) v = ovf;                        // includes Infinity
  else {
    var e = a < pow2(emin) ? emin : ilog2(a);
    var q = pow2(e - mb), r = a / q;         // exact: q is a power of two
    var n = Math.floor(r), d = r - n;               // exact too
    if (d > 0.5 || (d === 0.5 && n % 2 === 1)) n++;
    v = n * q;
    if (v > max) v = ovf;
  }
  if (!neg) return v;
  return v === 0 && !negZero ? 0 : -v;
}

var F16_MAX = 65504, BF16_MAX = pow2(128) - pow2(120);

// float16 (IEEE half): round to nearest even, overflow to +-Infinity.
export function roundFloat16(x: number): number {
  return roundBinary(x, 10, -14, F16_MAX, Infinity, true);
}

// bfloat16: round to nearest even, overflow to +-Infinity.
export function roundBfloat16(x: number): number {
  return roundBinary(x, 7, -126, BF16_MAX, Infinity, true);
}

// float8 e4m3fn, e4m3fnuz, e5m2, e5m2fnuz (the Cast `saturate` attribute, default true).
export function roundFloat8(dtype: number, x: number, saturate: boolean): number {
  switch (dtype) {
    case FLOAT8E4M3FN: return roundBinary(x, 3, -6, 448, saturate ? 448 : NaN, true);
    case FLOAT8E4M3FNUZ: return roundBinary(x, 3, -7, 240, saturate ? 240 : NaN, false);
    case FLOAT8E5M2: return roundBinary(x, 2, -14, 57344, saturate ? 57344 : Infinity, true);
    default: return roundBinary(x, 2, -15, 57344, saturate ? 57344 : NaN, false);  // FLOAT8E5M2FNUZ
  }
}

// float4e2m1: values 0, 0.5, 1, 1.5, 2, 3, 4, 6 and negatives; always saturates; NaN -> -0.
export function roundFloat4e2m1(x: number): number {
  return x !== x ? -0 : roundBinary(x, 1, 0, 6, 6, true);
}

// float8e8m0. roundMode: 'up' (default), 'nearest' (ties up) or 'down'; anything else is
// treated as 'up' (validate with isRoundMode). saturate keeps 2^127 from rounding up to NaN.
export function roundFloat8e8m0(x: number, saturate: boolean, roundMode: string): number {
  F32[0] = x;
  var b = U32[0], e = (b >>> 23) & 255;
  if (e === 255) return NaN;
  var up = false;
  if (roundMode === 'nearest')
    up = (b & 0x400000) !== 0 && ((b & 0x3fffff) !== 0 || e > 0);
  else if (roundMode !== 'down')
    up = (b & 0x7fffff) !== 0;
  if (up && !(saturate && e === 254)) e++;
  return e === 255 ? NaN : pow2(e - 127);
}

export function isRoundMode(mode: string): boolean {
  return mode === 'up' || mode === 'nearest' || mode === 'down';
}

// int4, uint4, int2, uint2: truncate toward zero, keep the low 4 or 2 bits.
export function wrapNarrowInt(dtype: number, x: number): number {
  if (x !== x || x === Infinity || x === -Infinity) return 0;
  var m = dtype === INT4 || dtype === UINT4 ? 16 : 4;
  var v = (x < 0 ? Math.ceil(x) : Math.floor(x)) % m;
  if (v < 0) v += m;
  return (dtype === INT4 || dtype === INT2) && v >= m / 2 ? v - m : v + 0;   // + 0: no -0
}

// Lowest and highest value of int4, uint4, int2, uint2 (for saturating users: QuantizeLinear).
export function narrowIntMin(dtype: number): number {
  return dtype === INT4 ? -8 : dtype === INT2 ? -2 : 0;
}
export function narrowIntMax(dtype: number): number {
  return dtype === INT4 ? 7 : dtype === UINT4 ? 15 : dtype === INT2 ? 1 : 3;
}

// Whether values of this type must be rounded or wrapped when produced from wider ones.
export function isNarrow(dtype: number): boolean {
  return dtype === FLOAT16 || dtype === BFLOAT16 || (dtype >= FLOAT8E4M3FN && dtype <= INT2);   // 17..26
}

// Any type: the nearest representable value (see the table at the top). Types that are not
// narrow return x unchanged (their typed-array store does the conversion).
export function roundTo(dtype: number, x: number, saturate: boolean, roundMode: string): number {
  switch (dtype) {
    case FLOAT16: return roundFloat16(x);
    case BFLOAT16: return roundBfloat16(x);
    case FLOAT8E4M3FN: case FLOAT8E4M3FNUZ: case FLOAT8E5M2: case FLOAT8E5M2FNUZ: return roundFloat8(dtype, x, saturate);
    case FLOAT4E2M1: return roundFloat4e2m1(x);
    case FLOAT8E8M0: return roundFloat8e8m0(x, saturate, roundMode);
    case INT4: case UINT4: case INT2: case UINT2: return wrapNarrowInt(dtype, x);
    default: return x;
  }
}

// roundTo with the type and options bound, for inner loops; null when dtype is not narrow.
export function narrowRounder(dtype: number, saturate: boolean, roundMode: string): ((x: number) => number) | null {
  switch (dtype) {
    case FLOAT16: return roundFloat16;
    case BFLOAT16: return roundBfloat16;
    case FLOAT8E4M3FN: return function (x) { return roundBinary(x, 3, -6, 448, saturate ? 448 : NaN, true); };
    case FLOAT8E4M3FNUZ: return function (x) { return roundBinary(x, 3, -7, 240, saturate ? 240 : NaN, false); };
    case FLOAT8E5M2: return function (x) { return roundBinary(x, 2, -14, 57344, saturate ? 57344 : Infinity, true); };
    case FLOAT8E5M2FNUZ: return function (x) { return roundBinary(x, 2, -15, 57344, saturate ? 57344 : NaN, false); };
    case FLOAT4E2M1: return roundFloat4e2m1;
    case FLOAT8E8M0: return function (x) { return roundFloat8e8m0(x, saturate, roundMode); };
    case INT4: case UINT4: case INT2: case UINT2: return function (x) { return wrapNarrowInt(dtype, x); };
    default: return null;
  }
}
