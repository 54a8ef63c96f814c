import { Node, fail } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { gelu, geluTanh, unaryLoop } from './activations';

// Registered from opset 1: converter/passes/recognizeActivations.ts emits it for written-out forms
// in models of any opset (onnxruntime has the same ops in its contrib domain).
export var meta: Meta = { op: 'Gelu', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) {
  var approx = node.attrs.approximate === undefined ? 'none' : node.attrs.approximate;
  if (approx === 'tanh') return unaryLoop(geluTanh, node);
  if (approx !== 'none') fail("approximate must be 'none' or 'tanh', not '" + approx + "'");
  return unaryLoop(gelu, node);
}
