import { Node } from '../contract';
import { Meta } from '../infer';
import { binary, inferBroadcast } from '../elementwise/broadcast';

export var meta: Meta = { op: 'SwiGLU', domain: '', since: 28, dtypes: ['float32', 'float64'] };
export var infer = inferBroadcast();

// y = Swish(a, alpha) * b = a * sigmoid(alpha * a) * b.
export function prepare(node: Node) {
  var al = node.attrs.alpha === undefined ? 1 : node.attrs.alpha;
  return binary(function (a, b) { return a * b / (1 + Math.exp(-al * a)); })(node);
}
