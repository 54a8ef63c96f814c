import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from './unary';

export var meta: Meta = { op: 'LeakyRelu', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferSame;
// Hot in real models: the loop is written out rather than calling a scalar function.
export function prepare(node: Node) {
  var alpha = node.attrs.alpha === undefined ? 0.01 : node.attrs.alpha;
  var x = node.inputs[0]!.data, y = node.outputs[0].data, n = y.length;
  return function () {
    for (var i = 0; i < n; i++) { var v = x[i]; y[i] = v < 0 ? alpha * v : v; }
  };
}
