import { Meta, Infer } from '../kernel';
import { castPrepare, castType } from '../util/elementwise-cast';

export var meta: Meta = { op: 'Cast', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };
// `to` arrives narrowed like the tensors (int64 as int32, float16 as float32). Opset 1-5 named
// the type as a string.
var NAMES: { [k: string]: number } = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 6, STRING: 8,
  BOOL: 9, FLOAT16: 1, DOUBLE: 11, UINT32: 12, UINT64: 12, BFLOAT16: 1 };
export var infer: Infer = function (node) {
  var to = node.attrs.to;
  if (typeof to === 'string') to = NAMES[to.toUpperCase()] || -1;
  return castType(node.inputs[0]!, to);
};
export var prepare = castPrepare;
