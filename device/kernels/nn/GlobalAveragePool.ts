import { Node } from '../contract';
import { Meta } from '../infer';
import { inferGlobal, globalPrepare, AVG } from './pooling';

export var meta: Meta = { op: 'GlobalAveragePool', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferGlobal;
export function prepare(node: Node) { return globalPrepare(node, AVG, 0); }
