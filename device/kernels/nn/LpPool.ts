import { Node } from '../contract';
import { Meta } from '../infer';
import { inferPool, poolPrepare, LP } from './pooling';

// p is a float attribute in opset 1, an int from opset 2; 18 adds ceil_mode and dilations.
export var meta: Meta = { op: 'LpPool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferPool;
export function prepare(node: Node) { return poolPrepare(node, LP, node.attrs.p === undefined ? 2 : node.attrs.p); }
