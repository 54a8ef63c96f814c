// QMatMul from MatMul or Gemm: constant weights are stored [N, K] (transB) so that each output
// column's weights are contiguous; Gemm's alpha goes into the requantization, beta into the bias.
import { Node } from '../../ir';
import { QdqContext, Fusion, gemmAttrs } from './context';
import { int, ints } from '../qoperator/context';
import { scaleRatio } from '../quantize/multiplier';
import * as D from '../../../device/dtype';

// DQ(a), DQ(b) → MatMul | Gemm (transA 0) [→ activations] → Q
export function matMul(ctx: QdqContext, n: Node): Fusion | null {
  var isGemm = n.op === 'Gemm', gemm = gemmAttrs(n), transB = gemm.transB, alpha = gemm.alpha;
  var a = ctx.actIn(n.inputs[0]), b = ctx.dqOf(n.inputs[1]);
  if (!a || !b || b.dtype === D.INT32) return null;
  if (isGemm && (gemm.transA || !(alpha > 0) || ctx.rankOf(n.inputs[0]) !== 2)) return null;
  var bShape = b.xShape;
  if (!bShape || (isGemm && bShape.length !== 2)) return null;
  var N = transB ? bShape[0] : bShape[bShape.length - 1];
  if (b.scale.length > 1 && (!b.xData || bShape.length !== 2 || b.scale.length !== N || b.axis !== (transB ? 0 : 1))) return null;
  var ch = ctx.chainToQ(n.outputs[0], true);
  if (!ch) return null;
  if (isGemm && n.inputs[2] && !ctx.gemmBiasFits(n.inputs[2], N)) return null;
  var attrs: Node['attrs'] = {}, bIn = b.x;
  if (a.zp[0]) attrs.a_zero_point = int(a.zp[0]);
  if (b.xData && bShape.length === 2) {
    attrs.transB = int(1);
    if (!transB) bIn = ctx.addTransposed(b.x + '_t', b.dtype, bShape[0], N, b.xData);
  } else if (transB) return null;
  else if (!b.xData) ctx.noteDq(b);
  var bias = isGemm ? ctx.biasFor(n.inputs[2], N, a.scale[0], b.scale, alpha, gemm.beta) : null;
  if (bias === false) return null;
  if (b.zp.some(z => z !== 0)) attrs.b_zero_point = ints(b.zp);
  if (!ctx.actAttrs(attrs, ch.act, ch.q)) return null;
  var sa = a.scale[0], sy = ch.q.scale;
  ctx.requantAttrs(attrs, b.scale.map(s => alpha * scaleRatio(sa, s, sy)), ch.act, ctx.what(n));
  ctx.noteDq(a); ctx.noteQ(ch.q);
  if (bias) attrs.bias = ints(bias);
  return { remove: [n, ...ch.nodes, ch.q.node], q: ch.q, node: ctx.newNode(n, 'QMatMul', [a.x, bIn], ch.q, attrs) };
}
