import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { leakyRelu, unaryLoop } from './activations';

export var meta: Meta = { op: 'LeakyRelu', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(leakyRelu, node, node.attrs.alpha === undefined ? 0.01 : node.attrs.alpha); }
