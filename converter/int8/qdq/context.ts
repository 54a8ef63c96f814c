// What every QDQ pattern needs, built once per graph: the graph and its index, the inferred
// types and shapes, the DequantizeLinear/QuantizeLinear nodes around an op read as scales and
// zero points, the activation chain up to a QuantizeLinear, and the helpers that write the
// attributes, constants and quantization notes of the int8 kernels.
import { Graph, Model, Node, Value } from '../../ir';
import { inferAndFold } from '../../passes/inferAndFold';
import { cloneModel } from '../../graph/clone';
import { Namer } from '../../graph/names';
import { staticShape } from '../../graph/shapes';
import { GraphIndex, constData } from '../../graph/uses';
import { Act, NO_ACT, actStep, qBound } from '../quantize/activations';
import { quantizeMultipliers, quantizeAlpha } from '../quantize/multiplier';
import { noteQuant } from '../quantize/annotate';
import { Const, QParams, addConst, int8Node, int, ints, outAttrs } from '../qoperator/context';
import * as D from '../../../device/dtype';

// A DequantizeLinear: its quantized input, scales and zero points (axis -1: per tensor), and
// that input's data and shape when it is a constant.
export interface DQ { node: Node; x: string; dtype: number; scale: number[]; zp: number[]; axis: number; xData: D.TypedArray | null; xShape: number[] | null }
// A per-tensor QuantizeLinear and its output.
export interface Q extends QParams { node: Node; out: string }
// The nodes a pattern replaces and the node that replaces them, at q's place (q null:
// weights-only, at remove[0]'s).
export interface Fusion { remove: Node[]; q: Q | null; node: Node }
// A pattern: the fusion rooted at `node`, or null when the node does not match.
export type Matcher = (ctx: QdqContext, node: Node) => Fusion | null;

export const isOp = (n: Node, op: string) => n.op === op && n.domain === '';

export class QdqContext {
  g: Graph;
  index: GraphIndex;
  opset: number;

  constructor(public model: Model, public info: Map<string, Value>, public namer: Namer) {
    this.g = model.graph;
    this.index = new GraphIndex(this.g);
    this.opset = model.opsets[''] || 1;
  }

  // Arrow properties: passed as callbacks to actStep, isUnaryOn and buildTable.
  constOf = (name: string): Const | null => {
    var c = constData(this.g, this.index, name);
    if (c) return c;
    var v = this.info.get(name);
    return v && v.data ? { dtype: v.dtype, shape: staticShape(v)!, data: v.data } : null;
  };
  rankOf = (name: string): number | null => { var s = this.shapeOf(name); return s ? s.length : null; };
  shapeOf(name: string): number[] | null { return staticShape(this.info.get(name) || this.g.values.get(name)); }
  dtypeOf(name: string): number { var v = this.info.get(name) || this.g.values.get(name); return v ? v.dtype : 0; }

  // How requantization errors name the node.
  what(n: Node): string { return `${this.model.file}: node '${n.name}'`; }

  // The DequantizeLinear (int8, uint8 or int32, not blocked) producing `name`.
  dqOf(name: string): DQ | null {
    var n = this.index.producer.get(name);
    if (!n || !isOp(n, 'DequantizeLinear') || (n.attrs.block_size && n.attrs.block_size.value > 0)) return null;
    var s = this.constOf(n.inputs[1]), z = n.inputs[2] ? this.constOf(n.inputs[2]) : null;
    if (!s || (n.inputs[2] && !z)) return null;
    var dtype = this.dtypeOf(n.inputs[0]) || (z ? z.dtype : 0);
    if (dtype !== D.INT8 && dtype !== D.UINT8 && dtype !== D.INT32) return null;
    var xc = this.constOf(n.inputs[0]);
    var scale = Array.from(s.data), zp = z ? Array.from(z.data) : scale.map(() => 0);
    var axis = scale.length > 1 || s.shape.length === 1 && n.attrs.axis ? (n.attrs.axis ? n.attrs.axis.value : 1) : -1;
    if (scale.length > 1) { var r = this.rankOf(n.inputs[0]); if (r === null) return null; if (axis < 0) axis += r; }
    else axis = -1;
    return { node: n, x: n.inputs[0], dtype, scale, zp, axis, xData: xc ? xc.data : null, xShape: xc ? xc.shape : this.shapeOf(n.inputs[0]) };
  }

  // A per-tensor int8/uint8 activation input.
  actIn(name: string): DQ | null {
    var d = this.dqOf(name);
    return d && d.scale.length === 1 && d.dtype !== D.INT32 ? d : null;
  }

  // The per-tensor int8/uint8 QuantizeLinear that alone reads `name`.
  qAt(name: string): Q | null {
    var u = this.index.soleUse(name);
    if (!u || u.index !== 0 || !isOp(u.node, 'QuantizeLinear')) return null;
    var n = u.node, s = this.constOf(n.inputs[1]), z = n.inputs[2] ? this.constOf(n.inputs[2]) : null;
    if (!s || s.data.length !== 1 || (n.inputs[2] && (!z || z.data.length !== 1))) return null;
    if (n.attrs.output_dtype && n.attrs.output_dtype.value !== (z ? z.dtype : n.attrs.output_dtype.value)) return null;
    var dtype = z ? z.dtype : n.attrs.output_dtype ? n.attrs.output_dtype.value : D.UINT8;
    if (dtype !== D.INT8 && dtype !== D.UINT8) return null;
    if (!(s.data[0] > 0)) return null;
    return { node: n, out: n.outputs[0], dtype, scale: s.data[0], zp: z ? z.data[0] : 0 };
  }

  // Follows the activation chain from `out`; ends at a QuantizeLinear.
  chainToQ(out: string, leakyOk: boolean): { act: Act; nodes: Node[]; q: Q } | null {
    var act = NO_ACT, nodes: Node[] = [];
    for (;;) {
      var q = this.qAt(out);
      if (q) return { act, nodes, q };
      var u = this.index.soleUse(out);
      if (!u) return null;
      var next = actStep(u.node, out, act, leakyOk, this.constOf, this.rankOf, this.opset);
      if (!next) return null;
      act = next; nodes.push(u.node); out = u.node.outputs[0];
    }
  }

  // Clamp, output zero point and type; attributes at their defaults are left out.
  actAttrs(attrs: Node['attrs'], act: Act, q: Q): boolean {
    var lo = qValue(act.lo, q), hi = qValue(act.hi, q), u8 = q.dtype === D.UINT8;
    if (lo > hi) return false;
    if (lo > (u8 ? 0 : -128)) attrs.act_min = int(lo);
    if (hi < (u8 ? 255 : 127)) attrs.act_max = int(hi);
    outAttrs(attrs, q);
    return true;
  }

  // One (multiplier, shift) per real ratio, and LeakyRelu's alpha as a fixed-point pair.
  requantAttrs(attrs: Node['attrs'], reals: number[], act: Act, what: string) {
    var m = quantizeMultipliers(reals, what);
    attrs.multiplier = ints(m.multiplier); attrs.shift = ints(m.shift);
    if (act.alpha !== 1) { var a = quantizeAlpha(act.alpha, what); attrs.alpha_multiplier = int(a[0]); attrs.alpha_shift = int(a[1]); }
  }

  // int32 bias per output channel (the `bias` attribute), in units of the accumulator:
  // alpha * x_scale * w_scale[c] (alpha: Gemm's). From DQ(int32) as is when its scale is that
  // unit (onnxruntime's convention), else rescaled; or from a float constant; times beta.
  biasFor(name: string, M: number, sx: number, sw: number[], alpha: number, beta: number): number[] | null | false {
    if (!name) return null;
    var unit = (c: number) => alpha * sx * sw[sw.length > 1 ? c : 0];
    var d = this.dqOf(name), vals: number[] = [];
    if (d) {
      if (d.dtype !== D.INT32 || !d.xData || d.zp.some(z => z !== 0)) return false;
      if (d.xData.length !== 1 && d.xData.length !== M) return false;
      var asIs = alpha === 1 && beta === 1;
      for (var c = 0; c < M; c++) { var s = d.scale[d.scale.length > 1 ? c : 0], u = Math.fround(unit(c)); if (Math.abs(s - u) > 1e-6 * u) asIs = false; }
      for (var c = 0; c < M; c++) {
        var bq = d.xData[d.xData.length > 1 ? c : 0];
        vals.push(asIs ? bq : Math.round(bq * d.scale[d.scale.length > 1 ? c : 0] * beta / unit(c)));
      }
    } else {
      var k = this.constOf(name);
      if (!k || !D.isFloat(k.dtype) || (k.data.length !== 1 && k.data.length !== M)) return false;
      for (var c = 0; c < M; c++) vals.push(Math.round(k.data[k.data.length > 1 ? c : 0] * beta / unit(c)));
    }
    return vals.map(v => (v > 2147483647 ? 2147483647 : v < -2147483648 ? -2147483648 : v));
  }

  // Whether Gemm's C (`name`) is one value or a row of N.
  gemmBiasFits(name: string, N: number): boolean {
    var cs = this.shapeOf(name) || (this.constOf(name) || { shape: null }).shape;
    return !!cs && (D.sizeOf(cs) === 1 || (cs[cs.length - 1] === N && D.sizeOf(cs) === N));
  }

  // Quantization metadata for model.tnx (Tensor.quant), per tensor or along `axis`.
  note(name: string, scale: number[], zp: number[], axis: number) {
    noteQuant(this.model, name, { scale: scale.map(Math.fround), zeroPoint: zp, axis: scale.length > 1 ? axis : -1 });
  }
  noteDq(d: DQ) { this.note(d.x, d.scale, d.zp, d.axis); }
  noteQ(q: Q) { this.note(q.out, [q.scale], [q.zp], -1); }

  addConst(base: string, dtype: number, shape: number[], data: D.TypedArray): string {
    return addConst(this.g, this.namer, base, dtype, shape, data);
  }

  // A constant holding the [rows, cols] matrix `data` transposed to [cols, rows].
  addTransposed(base: string, dtype: number, rows: number, cols: number, data: D.TypedArray): string {
    var t = new (D.ARRAY_OF[dtype]!)(rows * cols);
    for (var c = 0; c < cols; c++) for (var r = 0; r < rows; r++) t[c * rows + r] = data[r * cols + c];
    return this.addConst(base, dtype, [cols, rows], t);
  }

  // The int8 kernel replacing `orig`, writing q's output.
  newNode(orig: Node, op: string, inputs: string[], q: Q, attrs: Node['attrs']): Node {
    return int8Node(orig.name, op, inputs, [q.out], attrs);
  }
}

// Whether a DQ and a Q quantize alike (int8 data then passes through unchanged).
export function same(a: DQ, q: Q): boolean {
  return a.dtype === q.dtype && Math.fround(a.scale[0]) === Math.fround(q.scale) && a.zp[0] === q.zp;
}

// One scale, or one per channel: `count` of them along `axis`.
export function scalesAlong(d: DQ, count: number, axis: number): boolean {
  return d.scale.length <= 1 || (d.scale.length === count && d.axis === axis);
}

// Gemm's attributes (MatMul: the defaults).
export function gemmAttrs(n: Node): { transA: boolean; transB: boolean; alpha: number; beta: number } {
  var a = n.op === 'Gemm' ? n.attrs : {};
  return { transA: !!(a.transA && a.transA.value), transB: !!(a.transB && a.transB.value),
    alpha: a.alpha ? a.alpha.value : 1, beta: a.beta ? a.beta.value : 1 };
}

// The window attributes of a Conv/pool, leaving out those at their defaults (no padding, stride
// and dilation 1, one group; Conv's kernel_shape follows from the weights): smaller models.
export function windowAttrs(n: Node, keys: string[]): Node['attrs'] {
  var r: Node['attrs'] = {};
  for (var k of keys) {
    var a = n.attrs[k];
    if (!a) continue;
    var v = a.value;
    if (k === 'auto_pad' && v === 'NOTSET') continue;
    if (k === 'group' && v === 1) continue;
    if ((k === 'count_include_pad' || k === 'ceil_mode') && v === 0) continue;
    if ((k === 'pads' && v.every((x: number) => x === 0)) || ((k === 'strides' || k === 'dilations') && v.every((x: number) => x === 1))) continue;
    r[k] = a;
  }
  return r;
}

function qValue(v: number, q: QParams): number {
  return q.dtype === D.UINT8 ? qBound(v, q.scale, q.zp, 0, 255) : qBound(v, q.scale, q.zp, -128, 127);
}

// Types and shapes of every value, from inferring (and folding) a copy of the model; the model
// itself when it is already fully typed.
export function inferredValues(model: Model): Map<string, Value> {
  var g = model.graph, typed = true;
  for (var n of g.nodes) for (var o of n.outputs) if (o && !staticShape(g.values.get(o))) typed = false;
  if (typed) return g.values;
  var copy = cloneModel(model);
  inferAndFold(copy);
  var m = new Map(g.values);
  for (var [k, v] of copy.graph.values) m.set(k, v);
  return m;
}
