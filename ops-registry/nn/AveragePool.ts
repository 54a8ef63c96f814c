import { Meta, Node } from '../kernel';
import { inferPool, poolPrepare, AVG } from '../util/nn-pool';

// Opset 7 adds count_include_pad, 10 ceil_mode, 19 dilations.
export var meta: Meta = { op: 'AveragePool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferPool;
export function prepare(node: Node) { return poolPrepare(node, AVG, 0); }
