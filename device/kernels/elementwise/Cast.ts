import { Meta, Infer } from '../infer';
import { castPrepare, castType } from './casting';

export var meta: Meta = { op: 'Cast', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16',
  'uint16', 'uint32', 'bool', 'float16', 'bfloat16', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz',
  'float4e2m1', 'float8e8m0', 'int4', 'uint4', 'int2', 'uint2'] };
// `to` arrives narrowed like the tensors (int64 as int32, uint64 as uint32; reduced-precision
// types keep their code). Opset 1-5 named the type as a string.
var NAMES: { [k: string]: number } = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 6, STRING: 8,
  BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 12, BFLOAT16: 16 };
export var infer: Infer = function (node) {
  var to = node.attrs.to;
  if (typeof to === 'string') to = NAMES[to.toUpperCase()] || -1;
  return castType(node.inputs[0]!, to, node.attrs);
};
export var prepare = castPrepare;
