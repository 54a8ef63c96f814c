import { Node } from '../contract';
import { Meta } from '../infer';
import { lossInfer, lossPlan } from './loss';

export var meta: Meta = { op: 'NegativeLogLikelihoodLoss', domain: '', since: 12, dtypes: ['float32', 'float64'] };
export var infer = lossInfer(false);

export function prepare(node: Node) {
  var p = lossPlan(node), x = node.inputs[0]!.data;
  return function () { p.run(x); };
}
