// Element types, numbered as ONNX TensorProto.DataType so the two never need a table.
// int64/uint64 never reach a device: the converter narrows them to int32/uint32.
// float16/bfloat16 are widened to float32 at build time.
export var FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7,
  STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;

export type TypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array |
  Uint16Array | Int32Array | Uint32Array;

export interface TypedArrayCtor {
  new (n: number): TypedArray;
  new (buf: ArrayBuffer, byteOffset: number, length: number): TypedArray;
  BYTES_PER_ELEMENT: number;
}

// Indexed by dtype code; undefined where the runtime has no storage for the type.
export var ARRAY_OF: (TypedArrayCtor | undefined)[] = [];
ARRAY_OF[FLOAT] = Float32Array as any; ARRAY_OF[UINT8] = Uint8Array as any;
ARRAY_OF[INT8] = Int8Array as any; ARRAY_OF[UINT16] = Uint16Array as any;
ARRAY_OF[INT16] = Int16Array as any; ARRAY_OF[INT32] = Int32Array as any;
ARRAY_OF[BOOL] = Uint8Array as any; ARRAY_OF[DOUBLE] = Float64Array as any;
ARRAY_OF[UINT32] = Uint32Array as any;

export var DTYPE_NAME: string[] = [];
DTYPE_NAME[FLOAT] = 'float32'; DTYPE_NAME[UINT8] = 'uint8'; DTYPE_NAME[INT8] = 'int8';
DTYPE_NAME[UINT16] = 'uint16'; DTYPE_NAME[INT16] = 'int16'; DTYPE_NAME[INT32] = 'int32';
DTYPE_NAME[INT64] = 'int64'; DTYPE_NAME[STRING] = 'string'; DTYPE_NAME[BOOL] = 'bool';
DTYPE_NAME[FLOAT16] = 'float16'; DTYPE_NAME[DOUBLE] = 'float64'; DTYPE_NAME[UINT32] = 'uint32';
DTYPE_NAME[UINT64] = 'uint64'; DTYPE_NAME[BFLOAT16] = 'bfloat16';

export function isFloat(dtype: number): boolean {
  return dtype === FLOAT || dtype === DOUBLE;
}

export function sizeOf(shape: number[]): number {
  var n = 1;
  for (var i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
