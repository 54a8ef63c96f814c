import { Meta } from '../infer';
import { windowInfer, windowPrepare } from './dftPlan';

export var meta: Meta = { op: 'HammingWindow', domain: '', since: 17, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = windowInfer;
export var prepare = windowPrepare(25/46, 21/46, 0);
