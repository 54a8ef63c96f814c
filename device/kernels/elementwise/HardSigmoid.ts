import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';
import { hardSigmoid, unaryLoop } from './activations';

export var meta: Meta = { op: 'HardSigmoid', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
export function prepare(node: Node) {
  var alpha = node.attrs.alpha === undefined ? 0.2 : node.attrs.alpha;
  var beta = node.attrs.beta === undefined ? 0.5 : node.attrs.beta;
  return unaryLoop(hardSigmoid, node, alpha, beta);
}
