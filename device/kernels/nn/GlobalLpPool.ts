import { Node } from '../contract';
import { Meta } from '../infer';
import { inferGlobal, globalPrepare, LP } from './pooling';

// p is a float attribute in opset 1, an int from opset 2.
export var meta: Meta = { op: 'GlobalLpPool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferGlobal;
export function prepare(node: Node) { return globalPrepare(node, LP, node.attrs.p === undefined ? 2 : node.attrs.p); }
