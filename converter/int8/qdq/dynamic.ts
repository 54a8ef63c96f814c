// Dynamic int8 (onnxruntime's quantize_dynamic form, what --quantize dynamic writes):
//   DynamicQuantizeLinear(x) → ConvInteger | MatMulInteger (int8/uint8 constant w) → Cast(float)
//   → Mul(Mul(x_scale, w_scale const)) [→ Add(bias const)] [→ activations]
// becomes one DynQConv | DynQMatMul reading the float x. The activations fold into the kernel's
// float32 epilogue when they compute the same float32 values there: a LeakyRelu/PRelu first
// (at most one), then any clamps (Relu, Clip, Max/Min with a scalar).
import { Node } from '../../ir';
import { QdqContext, Fusion, isOp, windowAttrs } from './context';
import { int8Node, ints } from '../qoperator/context';
import { Act, NO_ACT, actStep } from '../quantize/activations';
import * as D from '../../../device/dtype';

export function dynamic(ctx: QdqContext, n: Node): Fusion | null {
  var conv = n.op === 'ConvInteger', dql = ctx.index.producer.get(n.inputs[0]);
  if (!dql || !isOp(dql, 'DynamicQuantizeLinear') || ctx.dtypeOf(dql.inputs[0]) !== D.FLOAT) return null;
  var xs = dql.outputs[1], xz = dql.outputs[2];
  if (!xs || !xz || n.inputs[2] !== xz || !only(ctx, dql.outputs[0], n) || !only(ctx, xz, n)) return null;
  var w = ctx.constOf(n.inputs[1]), wz = n.inputs[3] ? ctx.constOf(n.inputs[3]) : null;
  if (!w || (w.dtype !== D.INT8 && w.dtype !== D.UINT8) || (n.inputs[3] && !wz)) return null;
  var yShape = ctx.shapeOf(n.outputs[0]);
  if (!yShape || (conv ? w.shape.length < 3 : w.shape.length !== 2)) return null;
  var C = conv ? w.shape[0] : w.shape[1], rank = yShape.length;
  // Cast → Mul by Mul(x_scale, w_scale)
  var cast = ctx.index.soleUse(n.outputs[0]);
  if (!cast || !isOp(cast.node, 'Cast') || !cast.node.attrs.to || cast.node.attrs.to.value !== D.FLOAT) return null;
  var mul = ctx.index.soleUse(cast.node.outputs[0]);
  if (!mul || !isOp(mul.node, 'Mul')) return null;
  var sName = mul.node.inputs[1 - mul.index], sMul = ctx.index.producer.get(sName);
  if (!sMul || !isOp(sMul, 'Mul') || !only(ctx, sName, mul.node) || !only(ctx, xs, sMul)) return null;
  var wsName = sMul.inputs[0] === xs ? sMul.inputs[1] : sMul.inputs[0], ws = ctx.constOf(wsName);
  if (!ws || ws.dtype !== D.FLOAT || !alongChannels(ws, C, conv, rank)) return null;
  var remove = [dql, n, cast.node, sMul, mul.node], out = mul.node.outputs[0], bias: Float32Array | null = null;
  // [→ Add(bias)]
  var addU = ctx.index.soleUse(out);
  if (addU && isOp(addU.node, 'Add')) {
    var bc = ctx.constOf(addU.node.inputs[1 - addU.index]);
    if (bc && bc.dtype === D.FLOAT && alongChannels(bc, C, conv, rank)) {
      bias = new Float32Array(C);
      for (var c = 0; c < C; c++) bias[c] = bc.data[bc.data.length > 1 ? c : 0];
      remove.push(addU.node); out = addU.node.outputs[0];
    }
  }
  var ch = chain(ctx, out);
  remove = remove.concat(ch.nodes);
  var attrs: Node['attrs'] = conv ? windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'group']) : {};
  attrs[conv ? 'w_scale' : 'b_scale'] = { type: 'floats', value: Array.from(ws.data) };
  if (wz && Array.prototype.some.call(wz.data, (z: number) => z !== 0)) attrs[conv ? 'w_zero_point' : 'b_zero_point'] = ints(Array.from(wz.data));
  if (ch.act.alpha !== 1) attrs.alpha = { type: 'float', value: ch.act.alpha };
  if (ch.act.lo > -Infinity) attrs.act_min = { type: 'float', value: ch.act.lo };
  if (ch.act.hi < Infinity) attrs.act_max = { type: 'float', value: ch.act.hi };
  ctx.note(n.inputs[1], Array.from(ws.data), Array.from(wz ? wz.data : [0]), conv ? 0 : 1);
  var wIn = conv ? n.inputs[1] : ctx.addTransposed(n.inputs[1] + '_t', w.dtype, w.shape[0], w.shape[1], w.data);
  var inputs = [dql.inputs[0], wIn];
  if (bias) inputs.push(ctx.addConst(n.outputs[0] + '_bias', D.FLOAT, [C], bias));
  return { remove, q: null, node: int8Node(n.name, conv ? 'DynQConv' : 'DynQMatMul', inputs, [ch.out], attrs) };
}

// `name` is read by `node` alone (and is no graph output).
function only(ctx: QdqContext, name: string, node: Node): boolean {
  var u = ctx.index.soleUse(name);
  return !!u && u.node === node;
}

// One value, or one per channel broadcast along the channel axis: [C, 1, ...] (rank - 1 axes)
// for a conv's output [N, C, ...], [..., C] (last axis) for a matrix product's.
function alongChannels(c: { shape: number[]; data: ArrayLike<number> }, C: number, conv: boolean, rank: number): boolean {
  if (c.data.length === 1) return c.shape.length <= rank;
  if (c.data.length !== C) return false;
  return conv ? c.shape.length === rank - 1 && c.shape[0] === C : c.shape[c.shape.length - 1] === C && c.shape.length <= rank;
}

// The activations after `out` that the float32 epilogue computes exactly as the ops would: a
// LeakyRelu/PRelu first (its product rounded once), then clamps.
function chain(ctx: QdqContext, out: string): { act: Act; nodes: Node[]; out: string } {
  var act = NO_ACT, nodes: Node[] = [];
  for (;;) {
    var u = ctx.index.soleUse(out);
    if (!u) break;
    var leaky = u.node.op === 'LeakyRelu' || u.node.op === 'PRelu';
    if (leaky && nodes.length) break;
    var next = actStep(u.node, out, act, true, ctx.constOf, ctx.rankOf, ctx.opset);
    if (!next) break;
    act = next; nodes.push(u.node); out = u.node.outputs[0];
  }
  return { act, nodes, out };
}
