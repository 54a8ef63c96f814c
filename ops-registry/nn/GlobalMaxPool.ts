import { Meta, Node } from '../kernel';
import { inferGlobal, globalPrepare, MAX } from '../util/nn-pool';

export var meta: Meta = { op: 'GlobalMaxPool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferGlobal;
export function prepare(node: Node) { return globalPrepare(node, MAX, 0); }
