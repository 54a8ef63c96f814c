import { Meta } from '../kernel';
import { binary, inferBroadcast } from '../util/broadcast';

export var meta: Meta = { op: 'Sub', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBroadcast();
export var prepare = binary(function (a, b) { return a - b; });
