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
  FLOAT8E8M0, INT4, UINT4, INT2, UINT2 } from '../../dtype';

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

// A binary float format: `mb` mantissa bits, smallest normal exponent `emin`, largest finite
// value `max`; results above max become `ovf` (Infinity, NaN or max, sign applied); `negZero`
// false turns a negative zero result into +0.
interface Fmt {
  mb: number; min: number; max: number; ovf: number; negZero: boolean;
  q: number;                  // the quantum below min: 2^(emin - mb)
  half: number; mask: number; // float32 bit rounding: 2^(22 - mb) - 1 and ~(2^(23 - mb) - 1)
}
function fmt(mb: number, emin: number, max: number, ovf: number, negZero: boolean): Fmt {
  return { mb: mb, min: pow2(emin), max: max, ovf: ovf, negZero: negZero, q: pow2(emin - mb),
    half: pow2(22 - mb) - 1, mask: ~(pow2(23 - mb) - 1) };
}

// Nearest-even rounding of x into format f. A float32 value in the normal range is rounded on
// its bits (add half an ulp minus one, plus the kept lsb, clear the dropped bits: a carry rolls
// into the exponent); anything else by scaling to the quantum, which is exact.
function roundBinary(x: number, f: Fmt): number {
  if (x !== x) return NaN;
  var neg = x < 0 || (x === 0 && 1 / x < 0), a = neg ? -x : x, v: number, q: number, r: number, n: number;
  if (a >= 2 * f.max) v = f.ovf;                    // includes Infinity
  else if (a < f.min) {                             // target subnormals (and zero)
    q = f.q; r = a / q; n = Math.floor(r);
    r -= n;
    if (r > 0.5 || (r === 0.5 && n % 2 === 1)) n++;
    v = n * q;                                      // n <= 2^mb: at most min
  } else {
    F32[0] = a;
    if (F32[0] === a) {
      var b = U32[0];
      U32[0] = (b + f.half + ((b >>> (23 - f.mb)) & 1)) & f.mask;
      v = F32[0];
    } else {                                        // a double that float32 does not hold
      q = pow2(ilog2(a) - f.mb); r = a / q; n = Math.floor(r);
      r -= n;
      if (r > 0.5 || (r === 0.5 && n % 2 === 1)) n++;
      v = n * q;
    }
    if (v > f.max) v = f.ovf;
  }
  if (!neg) return v;
  return v === 0 && !f.negZero ? 0 : -v;
}

var F16 = fmt(10, -14, 65504, Infinity, true), BF16 = fmt(7, -126, pow2(128) - pow2(120), Infinity, true);
var E4M3FN = fmt(3, -6, 448, 448, true), E4M3FN_NS = fmt(3, -6, 448, NaN, true);
var E4M3FNUZ = fmt(3, -7, 240, 240, false), E4M3FNUZ_NS = fmt(3, -7, 240, NaN, false);
var E5M2 = fmt(2, -14, 57344, 57344, true), E5M2_NS = fmt(2, -14, 57344, Infinity, true);
var E5M2FNUZ = fmt(2, -15, 57344, 57344, false), E5M2FNUZ_NS = fmt(2, -15, 57344, NaN, false);
var E2M1 = fmt(1, 0, 6, 6, true);

function float8Fmt(dtype: number, saturate: boolean): Fmt {
  switch (dtype) {
    case FLOAT8E4M3FN: return saturate ? E4M3FN : E4M3FN_NS;
    case FLOAT8E4M3FNUZ: return saturate ? E4M3FNUZ : E4M3FNUZ_NS;
    case FLOAT8E5M2: return saturate ? E5M2 : E5M2_NS;
    default: return saturate ? E5M2FNUZ : E5M2FNUZ_NS;
  }
}

// float16 (IEEE half): round to nearest even, overflow to +-Infinity.
export function roundFloat16(x: number): number { return roundBinary(x, F16); }

// bfloat16: round to nearest even, overflow to +-Infinity.
export function roundBfloat16(x: number): number { return roundBinary(x, BF16); }

// float8 e4m3fn, e4m3fnuz, e5m2, e5m2fnuz (the Cast `saturate` attribute, default true).
export function roundFloat8(dtype: number, x: number, saturate: boolean): number {
  return roundBinary(x, float8Fmt(dtype, saturate));
}

// float4e2m1: values 0, 0.5, 1, 1.5, 2, 3, 4, 6 and negatives; always saturates; NaN -> -0.
export function roundFloat4e2m1(x: number): number {
  return x !== x ? -0 : roundBinary(x, E2M1);
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

// int4, uint4, int2, uint2: truncate toward zero, keep the low 4 or 2 bits. The & applies
// ToInt32 first: it truncates, wraps modulo 2^32 (which keeps the low bits) and gives 0 for NaN
// and +-Infinity. (QuantizeLinear saturates instead: see narrowIntMin/narrowIntMax.)
export function wrapNarrowInt(dtype: number, x: number): number {
  switch (dtype) {
    case INT4: return ((x & 15) ^ 8) - 8;
    case UINT4: return x & 15;
    case INT2: return ((x & 3) ^ 2) - 2;
    default: return x & 3;  // UINT2
  }
}
function wrapInt4(x: number) { return ((x & 15) ^ 8) - 8; }
function wrapUint4(x: number) { return x & 15; }
function wrapInt2(x: number) { return ((x & 3) ^ 2) - 2; }
function wrapUint2(x: number) { return x & 3; }

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
    case FLOAT8E4M3FN: case FLOAT8E4M3FNUZ: case FLOAT8E5M2: case FLOAT8E5M2FNUZ:
      var f = float8Fmt(dtype, saturate);
      return function (x) { return roundBinary(x, f); };
    case FLOAT4E2M1: return roundFloat4e2m1;
    case FLOAT8E8M0: return function (x) { return roundFloat8e8m0(x, saturate, roundMode); };
    case INT4: return wrapInt4;
    case UINT4: return wrapUint4;
    case INT2: return wrapInt2;
    case UINT2: return wrapUint2;
    default: return null;
  }
}
