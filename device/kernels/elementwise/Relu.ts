import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { relu, unaryLoop } from './activations';

export var meta: Meta = { op: 'Relu', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'int16'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(relu, node); }
