import { Node, fail } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { gelu, geluTanh, unaryLoop } from './activations';

export var meta: Meta = { op: 'Gelu', domain: '', since: 20, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) {
  var approx = node.attrs.approximate === undefined ? 'none' : node.attrs.approximate;
  if (approx === 'tanh') return unaryLoop(geluTanh, node);
  if (approx !== 'none') fail("approximate must be 'none' or 'tanh', not '" + approx + "'");
  return unaryLoop(gelu, node);
}
