import { Meta, Node } from '../kernel';
import { inferGlobal, globalPrepare, AVG } from '../util/nn-pool';

export var meta: Meta = { op: 'GlobalAveragePool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferGlobal;
export function prepare(node: Node) { return globalPrepare(node, AVG, 0); }
