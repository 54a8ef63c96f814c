import { Meta, Infer } from '../kernel';
import { castPrepare, castType } from '../util/elementwise-cast';

export var meta: Meta = { op: 'CastLike', domain: '', since: 15, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };
export var infer: Infer = function (node) { return castType(node.inputs[0]!, node.inputs[1]!.dtype); };
export var prepare = castPrepare;
