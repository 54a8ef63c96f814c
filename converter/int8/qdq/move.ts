// Ops that only move or pick elements run on the int8 data as they are, when the output keeps
// the input's quantization.
import { Node } from '../../ir';
import { QdqContext, Fusion, same } from './context';

export var MOVES = ['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Slice', 'Gather'];

// DQ(x) → Reshape | Flatten | Squeeze | Unsqueeze | Transpose | Identity | Slice | Gather → Q (same scale and zero point)
export function move(ctx: QdqContext, n: Node): Fusion | null {
  var x = ctx.actIn(n.inputs[0]);
  if (!x || n.outputs.filter(Boolean).length !== 1) return null;
  var q = ctx.qAt(n.outputs[0]);
  if (!q || !same(x, q)) return null;
  ctx.noteDq(x); ctx.noteQ(q);
  return { remove: [n, q.node], q, node: { ...n, inputs: [x.x, ...n.inputs.slice(1)], outputs: [q.out] } };
}
