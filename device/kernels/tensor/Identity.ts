import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';
import { copyPrepare } from './copy';

export var meta: Meta = { op: 'Identity', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };
export var infer = inferSame;
export var prepare = copyPrepare;
