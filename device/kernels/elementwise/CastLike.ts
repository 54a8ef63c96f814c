import { Meta, Infer } from '../infer';
import { castPrepare, castType } from './casting';

export var meta: Meta = { op: 'CastLike', domain: '', since: 15, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16',
  'uint16', 'uint32', 'bool', 'float16', 'bfloat16', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz',
  'float4e2m1', 'float8e8m0', 'int4', 'uint4', 'int2', 'uint2'] };
export var infer: Infer = function (node) { return castType(node.inputs[0]!, node.inputs[1]!.dtype, node.attrs); };
export var prepare = castPrepare;
