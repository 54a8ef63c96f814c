// Element types, numbered as ONNX TensorProto.DataType so the two never need a table.
// int64/uint64 never reach a device: the converter narrows them to int32/uint32.
// Reduced-precision types keep their type code but are stored widened, value for value:
// float16, bfloat16, float8 and float4 in Float32Array; int4/int2 in Int8Array; uint4/uint2 in
// Uint8Array. Every value of those types is exact in the wider storage; Cast and
// QuantizeLinear round and saturate to the narrow type.
export var FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7,
  STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16,
  FLOAT8E4M3FN = 17, FLOAT8E4M3FNUZ = 18, FLOAT8E5M2 = 19, FLOAT8E5M2FNUZ = 20, UINT4 = 21, INT4 = 22,
  FLOAT4E2M1 = 23, FLOAT8E8M0 = 24, UINT2 = 25, INT2 = 26;

export type TypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array |
  Uint16Array | Int32Array | Uint32Array;

// No BYTES_PER_ELEMENT: Espruino has it neither on the constructors nor on instances (BYTES_OF).
export interface TypedArrayCtor {
  new (n: number): TypedArray;
  new (buf: ArrayBuffer, byteOffset: number, length: number): TypedArray;
}

// Indexed by dtype code; undefined where the runtime has no storage for the type.
export var ARRAY_OF: (TypedArrayCtor | undefined)[] = [];
ARRAY_OF[FLOAT] = Float32Array as any; ARRAY_OF[UINT8] = Uint8Array as any;
ARRAY_OF[INT8] = Int8Array as any; ARRAY_OF[UINT16] = Uint16Array as any;
ARRAY_OF[INT16] = Int16Array as any; ARRAY_OF[INT32] = Int32Array as any;
ARRAY_OF[BOOL] = Uint8Array as any; ARRAY_OF[DOUBLE] = Float64Array as any;
ARRAY_OF[UINT32] = Uint32Array as any;
ARRAY_OF[FLOAT16] = ARRAY_OF[BFLOAT16] = ARRAY_OF[FLOAT8E4M3FN] = ARRAY_OF[FLOAT8E4M3FNUZ] = ARRAY_OF[FLOAT8E5M2] =
  ARRAY_OF[FLOAT8E5M2FNUZ] = ARRAY_OF[FLOAT4E2M1] = ARRAY_OF[FLOAT8E8M0] = Float32Array as any;
ARRAY_OF[INT4] = ARRAY_OF[INT2] = Int8Array as any;
ARRAY_OF[UINT4] = ARRAY_OF[UINT2] = Uint8Array as any;

// Bytes per element of ARRAY_OF's storage, indexed by dtype code (0 where it has none).
var BYTES_OF: number[] = [0, 4, 1, 1, 2, 2, 4, 0, 0, 1, 4, 8, 4, 0, 0, 0, 4, 4, 4, 4, 4, 1, 1, 4, 4, 1, 1];

export var DTYPE_NAME: string[] = [];
DTYPE_NAME[FLOAT] = 'float32'; DTYPE_NAME[UINT8] = 'uint8'; DTYPE_NAME[INT8] = 'int8';
DTYPE_NAME[UINT16] = 'uint16'; DTYPE_NAME[INT16] = 'int16'; DTYPE_NAME[INT32] = 'int32';
DTYPE_NAME[INT64] = 'int64'; DTYPE_NAME[STRING] = 'string'; DTYPE_NAME[BOOL] = 'bool';
DTYPE_NAME[FLOAT16] = 'float16'; DTYPE_NAME[DOUBLE] = 'float64'; DTYPE_NAME[UINT32] = 'uint32';
DTYPE_NAME[UINT64] = 'uint64'; DTYPE_NAME[BFLOAT16] = 'bfloat16';
DTYPE_NAME[FLOAT8E4M3FN] = 'float8e4m3fn'; DTYPE_NAME[FLOAT8E4M3FNUZ] = 'float8e4m3fnuz';
DTYPE_NAME[FLOAT8E5M2] = 'float8e5m2'; DTYPE_NAME[FLOAT8E5M2FNUZ] = 'float8e5m2fnuz'; DTYPE_NAME[UINT4] = 'uint4';
DTYPE_NAME[INT4] = 'int4'; DTYPE_NAME[FLOAT4E2M1] = 'float4e2m1'; DTYPE_NAME[FLOAT8E8M0] = 'float8e8m0';
DTYPE_NAME[UINT2] = 'uint2'; DTYPE_NAME[INT2] = 'int2';

// STRING tensors hold a plain Array of JS strings (typed as TypedArray so kernels keep one
// signature; only string-aware kernels touch them). It is allocated once at load, never in the
// arena, so a string tensor takes 0 arena bytes (ARRAY_OF[STRING] stays undefined).
export function isString(dtype: number): boolean { return dtype === STRING; }

// Bytes per element of a type's storage: 0 for strings, which live outside the arena.
export function bytesPer(dtype: number): number {
  return BYTES_OF[dtype] || 0;
}

// Fresh storage for n elements of a type: zeros, or '' for strings. Undefined for unsupported types.
export function newData(dtype: number, n: number): TypedArray | undefined {
  if (dtype === STRING) {
    var a: string[] = [];
    for (var i = 0; i < n; i++) a.push('');
    return a as any;
  }
  var C = ARRAY_OF[dtype];
  return C ? new C(n) : undefined;
}

export function isFloat(dtype: number): boolean {
  return dtype === FLOAT || dtype === DOUBLE || dtype === FLOAT16 || dtype === BFLOAT16 ||
    (dtype >= FLOAT8E4M3FN && dtype <= FLOAT8E5M2FNUZ) || dtype === FLOAT4E2M1 || dtype === FLOAT8E8M0;
}

export function sizeOf(shape: number[]): number {
  var n = 1;
  for (var i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
