import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { sigmoidLoop, unaryLoop } from './activations';

export var meta: Meta = { op: 'Sigmoid', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(sigmoidLoop, node); }
