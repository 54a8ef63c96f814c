import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { hardSwish, unaryLoop } from './activations';

export var meta: Meta = { op: 'HardSwish', domain: '', since: 14, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(hardSwish, node); }
