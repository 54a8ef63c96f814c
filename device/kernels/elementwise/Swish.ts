import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { swish, unaryLoop } from './activations';

// Registered from opset 1: converter/passes/recognizeActivations.ts emits it for written-out forms
// in models of any opset (onnxruntime has the same ops in its contrib domain).
export var meta: Meta = { op: 'Swish', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) { return unaryLoop(swish, node, node.attrs.alpha === undefined ? 1 : node.attrs.alpha); }
