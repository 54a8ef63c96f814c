import { Node } from '../contract';
import { Meta } from '../infer';
import { inferPool, poolPrepare, MAX } from './pooling';

// Opset 8 adds the Indices output and storage_order, 10 ceil_mode and dilations, 12 int8/uint8.
export var meta: Meta = { op: 'MaxPool', domain: '', since: 1, dtypes: ['float32', 'float64', 'int8', 'uint8'] };
export var infer = inferPool;
export function prepare(node: Node) { return poolPrepare(node, MAX, 0); }
