import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { tanhLoop, unaryLoop } from './activations';

export var meta: Meta = { op: 'Tanh', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(tanhLoop, node); }
