// QConv: the int8 convolution, with the int32 bias as an attribute and the activations that
// follow it folded into its requantization.
import { Node } from '../../ir';
import { QdqContext, Fusion, windowAttrs, scalesAlong } from './context';
import { int, ints } from '../qoperator/context';
import { scaleRatio } from '../quantize/multiplier';
import * as D from '../../../device/dtype';

// DQ(x), DQ(w const), DQ(bias int32) → Conv [→ activations] → Q
export function conv(ctx: QdqContext, n: Node): Fusion | null {
  var x = ctx.actIn(n.inputs[0]), w = ctx.dqOf(n.inputs[1]);
  if (!x || !w || !w.xData || !w.xShape || w.dtype === D.INT32) return null;
  var M = w.xShape[0];
  if (!scalesAlong(w, M, 0)) return null;
  var ch = ctx.chainToQ(n.outputs[0], true);
  if (!ch) return null;
  var bias = ctx.biasFor(n.inputs[2], M, x.scale[0], w.scale, 1, 1);
  if (bias === false) return null;
  var attrs = windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'group']);
  if (x.zp[0]) attrs.x_zero_point = int(x.zp[0]);
  if (w.zp.some(z => z !== 0)) attrs.w_zero_point = ints(w.zp);
  if (!ctx.actAttrs(attrs, ch.act, ch.q)) return null;
  var sx = x.scale[0], sy = ch.q.scale;
  ctx.requantAttrs(attrs, w.scale.map(s => scaleRatio(sx, s, sy)), ch.act, ctx.what(n));
  ctx.noteDq(x); ctx.noteQ(ch.q);
  if (bias) attrs.bias = ints(bias);
  return { remove: [n, ...ch.nodes, ch.q.node], q: ch.q, node: ctx.newNode(n, 'QConv', [x.x, w.x], ch.q, attrs) };
}
