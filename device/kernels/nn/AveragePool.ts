import { Node } from '../contract';
import { Meta } from '../infer';
import { inferPool, poolPrepare, AVG } from './pooling';

// Opset 7 adds count_include_pad, 10 ceil_mode, 19 dilations.
export var meta: Meta = { op: 'AveragePool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferPool;
export function prepare(node: Node) { return poolPrepare(node, AVG, 0); }
