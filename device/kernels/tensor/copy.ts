// Ops that only relabel the shape (Reshape, Flatten, Squeeze, Identity...) copy their input.
import { Node } from '../contract';

export function copyPrepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  // The planner lets the output share the input's memory; then there is nothing to copy.
  if (x.buffer === y.buffer && x.byteOffset === y.byteOffset) return function () {};
  return function () { y.set(x); };
}
