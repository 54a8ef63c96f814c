import { Meta } from '../infer';
import { inferCumulative, cumulative } from './cumulative';

export var meta: Meta = { op: 'CumSum', domain: '', since: 11, dtypes: ['float32', 'float64', 'int32', 'uint32'] };
export var infer = inferCumulative;
export var prepare = cumulative(false);
