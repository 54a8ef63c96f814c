// QLookup: a chain of element-wise ops between a DequantizeLinear and a QuantizeLinear becomes
// one 256-entry table, computed by running the float kernels on every int8 value.
import { Node } from '../../ir';
import { QdqContext, Fusion, Q } from './context';
import { buildTable, isUnaryOn, TableNode } from '../quantize/lookup';

// DQ(x) → element-wise chain (Sigmoid, Tanh, LeakyRelu, x*c...) → Q
export function lookup(ctx: QdqContext, n: Node): Fusion | null {
  var cur = n.inputs.find(i => i && ctx.actIn(i));
  if (!cur || !isUnaryOn(n, cur, ctx.constOf, ctx.rankOf)) return null;
  var x = ctx.actIn(cur)!, chain: TableNode[] = [{ node: n, cur }], out = n.outputs[0], q: Q | null;
  while (!(q = ctx.qAt(out))) {
    var u = ctx.index.soleUse(out);
    if (!u || !isUnaryOn(u.node, out, ctx.constOf, ctx.rankOf)) return null;
    chain.push({ node: u.node, cur: out });
    out = u.node.outputs[0];
  }
  var t = buildTable(ctx.model, x.dtype, x.node, chain, q.node, ctx.constOf);
  var table = ctx.addConst(`${q.out.replace(/_quantized$/, '')}_lut`, t.dtype, [256], t.data);
  ctx.noteDq(x); ctx.noteQ(q);
  return { remove: [...chain.map(c => c.node), q.node], q, node: ctx.newNode(n, 'QLookup', [x.x, table], q, {}) };
}
