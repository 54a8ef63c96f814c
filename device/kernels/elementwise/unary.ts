// Element-wise unary ops: the op supplies a scalar function (closing over its attributes).
import { Node, Prepare } from '../contract';
import { Infer } from '../infer';

export function unary(make: (node: Node) => (x: number) => number): Prepare {
  return function (node: Node) {
    var f = make(node);
    var x = node.inputs[0]!.data, y = node.outputs[0].data, n = y.length;
    return function () { for (var i = 0; i < n; i++) y[i] = f(x[i]); };
  };
}

export var inferSame: Infer = function (node) {
  var x = node.inputs[0]!;
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};
