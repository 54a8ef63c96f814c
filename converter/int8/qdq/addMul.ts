// QAdd and QMul of two int8 activations: QAdd rescales both inputs to one shared shift, QMul
// requantizes the product once.
import { Node } from '../../ir';
import { QdqContext, Fusion } from './context';
import { int } from '../qoperator/context';
import { addMultipliers, quantizeMultiplier, scaleRatio } from '../quantize/multiplier';

// DQ(a), DQ(b) → Add | Mul [→ Relu/Clip/Max/Min] → Q
export function addMul(ctx: QdqContext, n: Node): Fusion | null {
  var a = ctx.actIn(n.inputs[0]), b = ctx.actIn(n.inputs[1]);
  if (!a || !b || n.inputs.length !== 2) return null;
  var ch = ctx.chainToQ(n.outputs[0], false);
  if (!ch) return null;
  var attrs: Node['attrs'] = { a_zero_point: int(a.zp[0]), b_zero_point: int(b.zp[0]) };
  if (!ctx.actAttrs(attrs, ch.act, ch.q)) return null;
  var sy = ch.q.scale;
  if (n.op === 'Add') {
    var am = addMultipliers(a.scale[0] / sy, b.scale[0] / sy);
    if (!am) return null;
    attrs.a_multiplier = int(am[0]); attrs.b_multiplier = int(am[1]); attrs.shift = int(am[2]);
  } else {
    var m = quantizeMultiplier(scaleRatio(a.scale[0], b.scale[0], sy), ctx.what(n));
    attrs.multiplier = int(m[0]); attrs.shift = int(m[1]);
  }
  ctx.noteDq(a); ctx.noteDq(b); ctx.noteQ(ch.q);
  return { remove: [n, ...ch.nodes, ch.q.node], q: ch.q, node: ctx.newNode(n, n.op === 'Add' ? 'QAdd' : 'QMul', [a.x, b.x], ch.q, attrs) };
}
