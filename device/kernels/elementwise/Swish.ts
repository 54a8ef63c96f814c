import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { swish, unaryLoop } from './activations';

export var meta: Meta = { op: 'Swish', domain: '', since: 24, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(swish, node, node.attrs.alpha === undefined ? 1 : node.attrs.alpha); }
