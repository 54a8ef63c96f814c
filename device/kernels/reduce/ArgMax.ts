import { Meta } from '../infer';
import { argInfer, argPrepare } from './argExtreme';

export var meta: Meta = { op: 'ArgMax', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = argInfer;
export var prepare = argPrepare(1);
