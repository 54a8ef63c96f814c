// Imports models quantized in QDQ form: DequantizeLinear → op → QuantizeLinear groups become
// tinyonnx.int8 kernels, as onnxruntime's QDQ transformers do; everything else keeps its float
// path (the remaining DequantizeLinear/QuantizeLinear nodes run as ordinary ops).
//
//   DQ(x), DQ(w const), DQ(bias int32) → Conv [→ activations] → Q      QConv (bias: an int32 attribute)
//   DQ(a), DQ(b) → MatMul | Gemm (transA 0) [→ activations] → Q       QMatMul (Gemm's B transposed at build time)
//   DQ(a), DQ(b) → Add | Mul [→ Relu/Clip/Max/Min] → Q                 QAdd | QMul
//   DQ(x) → MaxPool | AveragePool | GlobalAveragePool → Q             QMaxPool | QAveragePool | QGlobalAveragePool
//   DQ(x_i) → Concat → Q                                              QConcat
//   DQ(x) → element-wise chain (Sigmoid, Tanh, LeakyRelu, x*c...) → Q  QLookup (256-entry table)
//   DQ(x) → Reshape | Flatten | Squeeze | Unsqueeze | Transpose | Identity | Slice | Gather → Q
//            with the same scale and zero point                       the same op on int8 data
//   float x, DQ(int8 w const) → Conv | MatMul | Gemm (no Q after)      WConv | WMatMul (weights only)
// "activations" are Relu, Clip, Max/Min with a scalar and LeakyRelu/PRelu (quantize/activations.ts).
// Requantization multipliers, shifts, clamps and tables are all computed here, at build time.
// Each intermediate must feed only the next node of its group (as onnxruntime requires).
// The pass runs before inference (so DequantizeLinear of weights is not folded to float); the
// shapes it needs come from inferring a copy of the graph.
import { Graph, Model, Node, Value } from '../ir';
import { inferAndFold } from '../passes/inferAndFold';
import { cloneModel } from '../graph/clone';
import { Namer } from '../graph/names';
import { staticShape } from '../graph/shapes';
import { GraphIndex, constData } from '../graph/uses';
import { Act, NO_ACT, actStep, qBound } from './quantize/activations';
import { buildTable, isUnaryOn, TableNode } from './quantize/lookup';
import { quantizeMultiplier, quantizeMultipliers, quantizeAlpha, scaleRatio } from './quantize/multiplier';
import { noteQuant, QuantInfo } from './quantize/annotate';
import { INT8_DOMAIN } from '../../device/kernels/int8/requant';
import * as D from '../../device/dtype';

type CT = { dtype: number; shape: number[]; data: D.TypedArray };
interface DQ { node: Node; x: string; dtype: number; scale: number[]; zp: number[]; axis: number; xData: D.TypedArray | null; xShape: number[] | null }
interface Q { node: Node; out: string; dtype: number; scale: number; zp: number }
interface Fusion { remove: Node[]; q: Q | null; node: Node }   // q null: weights-only (replaces remove[0])

var MOVES = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Slice', 'Gather']);

const isOp = (n: Node, op: string) => n.op === op && n.domain === '';

export function hasQdq(g: Graph): boolean {
  return g.nodes.some(n => isOp(n, 'DequantizeLinear') || isOp(n, 'QuantizeLinear'));
}

function qValue(v: number, q: Q): number {
  return q.dtype === D.UINT8 ? qBound(v, q.scale, q.zp, 0, 255) : qBound(v, q.scale, q.zp, -128, 127);
}

function ints(a: number[]): Node['attrs'][string] { return { type: 'ints', value: a }; }

// The window attributes of a Conv/pool, leaving out those at their defaults (no padding, stride
// and dilation 1, one group; Conv's kernel_shape follows from the weights): smaller models.
function windowAttrs(n: Node, keys: string[]): Node['attrs'] {
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
function int(v: number): Node['attrs'][string] { return { type: 'int', value: v }; }

// QAdd's requantization: ra ~= a_multiplier / 2^shift and rb ~= b_multiplier / 2^shift with one
// shared shift <= 52 that gives the larger multiplier 31 bits; null when a ratio reaches 2^30.
export function addMultipliers(ra: number, rb: number): [number, number, number] | null {
  var big = Math.max(ra, rb), s = 0;
  if (!(big < 1073741824)) return null;
  while (s < 52 && big * Math.pow(2, s + 1) < 2147483648) s++;
  return [Math.round(ra * Math.pow(2, s)), Math.round(rb * Math.pow(2, s)), s];
}

export function fuseQdq(model: Model, known?: Map<string, Value>, names?: Namer): void {
  var g = model.graph;
  if (!hasQdq(g)) return;
  var info = known || inferredValues(model);
  var index = new GraphIndex(g), namer = names || new Namer(g), where = model.file;
  var opset = model.opsets[''] || 1;

  var constOf = (name: string): CT | null => {
    var c = constData(g, index, name);
    if (c) return c;
    var v = info.get(name);
    return v && v.data ? { dtype: v.dtype, shape: staticShape(v)!, data: v.data } : null;
  };
  var rankOf = (name: string): number | null => { var s = staticShape(info.get(name) || g.values.get(name)); return s ? s.length : null; };
  var shapeOf = (name: string): number[] | null => staticShape(info.get(name) || g.values.get(name));
  var dtypeOf = (name: string): number => { var v = info.get(name) || g.values.get(name); return v ? v.dtype : 0; };

  function dqOf(name: string): DQ | null {
    var n = index.producer.get(name);
    if (!n || !isOp(n, 'DequantizeLinear') || (n.attrs.block_size && n.attrs.block_size.value > 0)) return null;
    var s = constOf(n.inputs[1]), z = n.inputs[2] ? constOf(n.inputs[2]) : null;
    if (!s || (n.inputs[2] && !z)) return null;
    var dtype = dtypeOf(n.inputs[0]) || (z ? z.dtype : 0);
    if (dtype !== D.INT8 && dtype !== D.UINT8 && dtype !== D.INT32) return null;
    var xc = constOf(n.inputs[0]);
    var scale = Array.from(s.data), zp = z ? Array.from(z.data) : scale.map(() => 0);
    var axis = scale.length > 1 || s.shape.length === 1 && n.attrs.axis ? (n.attrs.axis ? n.attrs.axis.value : 1) : -1;
    if (scale.length > 1) { var r = rankOf(n.inputs[0]); if (r === null) return null; if (axis < 0) axis += r; }
    else axis = -1;
    return { node: n, x: n.inputs[0], dtype, scale, zp, axis, xData: xc ? xc.data : null, xShape: xc ? xc.shape : shapeOf(n.inputs[0]) };
  }
  // A per-tensor int8/uint8 activation input.
  function actIn(name: string): DQ | null {
    var d = dqOf(name);
    return d && d.scale.length === 1 && d.dtype !== D.INT32 ? d : null;
  }
  function qAt(name: string): Q | null {
    var u = index.soleUse(name);
    if (!u || u.index !== 0 || !isOp(u.node, 'QuantizeLinear')) return null;
    var n = u.node, s = constOf(n.inputs[1]), z = n.inputs[2] ? constOf(n.inputs[2]) : null;
    if (!s || s.data.length !== 1 || (n.inputs[2] && (!z || z.data.length !== 1))) return null;
    if (n.attrs.output_dtype && n.attrs.output_dtype.value !== (z ? z.dtype : n.attrs.output_dtype.value)) return null;
    var dtype = z ? z.dtype : n.attrs.output_dtype ? n.attrs.output_dtype.value : D.UINT8;
    if (dtype !== D.INT8 && dtype !== D.UINT8) return null;
    if (!(s.data[0] > 0)) return null;
    return { node: n, out: n.outputs[0], dtype, scale: s.data[0], zp: z ? z.data[0] : 0 };
  }
  // Follows the activation chain from `out`; ends at a QuantizeLinear.
  function chainToQ(out: string, leakyOk: boolean): { act: Act; nodes: Node[]; q: Q } | null {
    var act = NO_ACT, nodes: Node[] = [];
    for (;;) {
      var q = qAt(out);
      if (q) return { act, nodes, q };
      var u = index.soleUse(out);
      if (!u) return null;
      var next = actStep(u.node, out, act, leakyOk, constOf, rankOf, opset);
      if (!next) return null;
      act = next; nodes.push(u.node); out = u.node.outputs[0];
    }
  }
  // Clamp, output zero point and type; attributes at their defaults are left out.
  function actAttrs(attrs: Node['attrs'], act: Act, q: Q) {
    var lo = qValue(act.lo, q), hi = qValue(act.hi, q), u8 = q.dtype === D.UINT8;
    if (lo > hi) return false;
    if (lo > (u8 ? 0 : -128)) attrs.act_min = int(lo);
    if (hi < (u8 ? 255 : 127)) attrs.act_max = int(hi);
    if (q.zp) attrs.y_zero_point = int(q.zp);
    if (u8) attrs.output_dtype = int(q.dtype);
    return true;
  }
  function note(name: string, scale: number[], zp: number[], axis: number) {
    noteQuant(model, name, { scale: scale.map(Math.fround), zeroPoint: zp, axis: scale.length > 1 ? axis : -1 } as QuantInfo);
  }
  function noteDq(d: DQ) { note(d.x, d.scale, d.zp, d.axis); }
  function noteQ(q: Q) { note(q.out, [q.scale], [q.zp], -1); }
  function addConst(base: string, dtype: number, shape: number[], data: D.TypedArray): string {
    var name = namer.fresh(base);
    g.values.set(name, { name, dtype, shape, data });
    return name;
  }
  // int32 bias per output channel (the `bias` attribute), in units of the accumulator:
  // alpha * x_scale * w_scale[c] (alpha: Gemm's). From DQ(int32) as is when its scale is that
  // unit (onnxruntime's convention), else rescaled; or from a float constant; times beta.
  function biasFor(name: string, M: number, sx: number, sw: number[], alpha: number, beta: number): number[] | null | false {
    if (!name) return null;
    var unit = (c: number) => alpha * sx * sw[sw.length > 1 ? c : 0];
    var d = dqOf(name), vals: number[] = [];
    if (d) {
      if (d.dtype !== D.INT32 || !d.xData || d.zp.some(z => z !== 0)) return false;
      if (d.xData.length !== 1 && d.xData.length !== M) return false;
      var same = alpha === 1 && beta === 1;
      for (var c = 0; c < M; c++) { var s = d.scale[d.scale.length > 1 ? c : 0], u = Math.fround(unit(c)); if (Math.abs(s - u) > 1e-6 * u) same = false; }
      for (var c = 0; c < M; c++) {
        var bq = d.xData[d.xData.length > 1 ? c : 0];
        vals.push(same ? bq : Math.round(bq * d.scale[d.scale.length > 1 ? c : 0] * beta / unit(c)));
      }
    } else {
      var k = constOf(name);
      if (!k || !D.isFloat(k.dtype) || (k.data!.length !== 1 && k.data!.length !== M)) return false;
      for (var c = 0; c < M; c++) vals.push(Math.round(k.data![k.data!.length > 1 ? c : 0] * beta / unit(c)));
    }
    return vals.map(v => (v > 2147483647 ? 2147483647 : v < -2147483648 ? -2147483648 : v));
  }
  function requantAttrs(attrs: Node['attrs'], reals: number[], act: Act, what: string) {
    var m = quantizeMultipliers(reals, what);
    attrs.multiplier = ints(m.multiplier); attrs.shift = ints(m.shift);
    if (act.alpha !== 1) { var a = quantizeAlpha(act.alpha, what); attrs.alpha_multiplier = int(a[0]); attrs.alpha_shift = int(a[1]); }
  }
  function newNode(orig: Node, op: string, inputs: string[], q: Q, attrs: Node['attrs']): Node {
    return { name: orig.name, op, domain: INT8_DOMAIN, inputs, outputs: [q.out], attrs };
  }
  var same = (a: DQ, q: Q) => a.dtype === q.dtype && Math.fround(a.scale[0]) === Math.fround(q.scale) && a.zp[0] === q.zp;

  function tryConv(n: Node): Fusion | null {
    var x = actIn(n.inputs[0]), w = dqOf(n.inputs[1]);
    if (!x || !w || !w.xData || !w.xShape || w.dtype === D.INT32) return null;
    var M = w.xShape[0];
    if (w.scale.length > 1 && (w.axis !== 0 || w.scale.length !== M)) return null;
    var ch = chainToQ(n.outputs[0], true);
    if (!ch) return null;
    var bias = biasFor(n.inputs[2], M, x.scale[0], w.scale, 1, 1);
    if (bias === false) return null;
    var attrs = windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'group']);
    if (x.zp[0]) attrs.x_zero_point = int(x.zp[0]);
    if (w.zp.some(z => z !== 0)) attrs.w_zero_point = ints(w.zp);
    if (!actAttrs(attrs, ch.act, ch.q)) return null;
    requantAttrs(attrs, w.scale.map(s => scaleRatio(x!.scale[0], s, ch!.q.scale)), ch.act, `${where}: node '${n.name}'`);
    noteDq(x); noteQ(ch.q);
    if (bias) attrs.bias = ints(bias);
    return { remove: [n, ...ch.nodes, ch.q.node], q: ch.q, node: newNode(n, 'QConv', [x.x, w.x], ch.q, attrs) };
  }

  function tryMatMul(n: Node): Fusion | null {
    var isGemm = n.op === 'Gemm';
    var a = actIn(n.inputs[0]), b = dqOf(n.inputs[1]);
    if (!a || !b || b.dtype === D.INT32) return null;
    var alpha = 1, beta = 1, transB = false;
    if (isGemm) {
      if (n.attrs.transA && n.attrs.transA.value) return null;
      transB = !!(n.attrs.transB && n.attrs.transB.value);
      alpha = n.attrs.alpha ? n.attrs.alpha.value : 1;
      beta = n.attrs.beta ? n.attrs.beta.value : 1;
      if (!(alpha > 0) || rankOf(n.inputs[0]) !== 2) return null;
    }
    var bIn = b.x, bShape = b.xShape, bzp = b.zp, bAxis = b.axis;
    if (!bShape || (isGemm && bShape.length !== 2)) return null;
    var N = transB ? bShape[0] : bShape[bShape.length - 1];
    if (b.scale.length > 1) {
      if (!b.xData || bShape.length !== 2 || b.scale.length !== N || bAxis !== (transB ? 0 : 1)) return null;
    }
    var ch = chainToQ(n.outputs[0], true);
    if (!ch) return null;
    if (isGemm && n.inputs[2]) {
      var cs = shapeOf(n.inputs[2]) || (constOf(n.inputs[2]) || { shape: null }).shape;
      if (!cs || D.sizeOf(cs) !== 1 && !(cs[cs.length - 1] === N && D.sizeOf(cs) === N)) return null;
    }
    // constant weights are stored [N, K] (transB): each column's weights contiguous
    var attrs: Node['attrs'] = { a_zero_point: int(a.zp[0]) };
    if (b.xData && bShape.length === 2) {
      attrs.transB = int(1);
      if (!transB) {
        var K = bShape[0], t = new (D.ARRAY_OF[b.dtype]!)(K * N);
        for (var i = 0; i < N; i++) for (var k = 0; k < K; k++) t[i * K + k] = b.xData[k * N + i];
        bIn = addConst(b.x + '_t', b.dtype, [N, K], t);
      }
    } else if (transB) return null;
    else if (!b.xData) noteDq(b);
    var bias = isGemm ? biasFor(n.inputs[2], N, a.scale[0], b.scale, alpha, beta) : null;
    if (bias === false) return null;
    if (!a.zp[0]) delete attrs.a_zero_point;
    if (bzp.some(z => z !== 0)) attrs.b_zero_point = ints(bzp);
    if (!actAttrs(attrs, ch.act, ch.q)) return null;
    requantAttrs(attrs, b.scale.map(s => alpha * scaleRatio(a!.scale[0], s, ch!.q.scale)), ch.act, `${where}: node '${n.name}'`);
    noteDq(a); noteQ(ch.q);
    if (bias) attrs.bias = ints(bias);
    return { remove: [n, ...ch.nodes, ch.q.node], q: ch.q, node: newNode(n, 'QMatMul', [a.x, bIn], ch.q, attrs) };
  }

  function tryAddMul(n: Node): Fusion | null {
    var a = actIn(n.inputs[0]), b = actIn(n.inputs[1]);
    if (!a || !b || n.inputs.length !== 2) return null;
    var ch = chainToQ(n.outputs[0], false);
    if (!ch) return null;
    var attrs: Node['attrs'] = { a_zero_point: int(a.zp[0]), b_zero_point: int(b.zp[0]) };
    if (!actAttrs(attrs, ch.act, ch.q)) return null;
    var sy = ch.q.scale, what = `${where}: node '${n.name}'`;
    if (n.op === 'Add') {
      var am = addMultipliers(a.scale[0] / sy, b.scale[0] / sy);
      if (!am) return null;
      attrs.a_multiplier = int(am[0]); attrs.b_multiplier = int(am[1]); attrs.shift = int(am[2]);
    } else {
      var m = quantizeMultiplier(scaleRatio(a.scale[0], b.scale[0], sy), what);
      attrs.multiplier = int(m[0]); attrs.shift = int(m[1]);
    }
    noteDq(a); noteDq(b); noteQ(ch.q);
    return { remove: [n, ...ch.nodes, ch.q.node], q: ch.q, node: newNode(n, n.op === 'Add' ? 'QAdd' : 'QMul', [a.x, b.x], ch.q, attrs) };
  }

  function tryPool(n: Node): Fusion | null {
    if (n.outputs.filter(Boolean).length !== 1) return null;
    var x = actIn(n.inputs[0]);
    if (!x) return null;
    var q = qAt(n.outputs[0]);
    if (!q) return null;
    var attrs = windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'kernel_shape', 'count_include_pad', 'ceil_mode']);
    if (x.zp[0]) attrs.x_zero_point = int(x.zp[0]);
    if (q.zp) attrs.y_zero_point = int(q.zp);
    if (n.op === 'MaxPool' ? q.dtype !== x.dtype : q.dtype !== D.INT8) attrs.output_dtype = int(q.dtype);
    var what = `${where}: node '${n.name}'`, ratio = x.scale[0] / q.scale;
    if (n.op === 'MaxPool') {
      if (!n.attrs.kernel_shape) return null;
      if (!same(x, q)) { var m = quantizeMultiplier(ratio, what); attrs.multiplier = int(m[0]); attrs.shift = int(m[1]); }
    } else if (n.op === 'AveragePool') {
      if (!n.attrs.kernel_shape) return null;
      var area = (n.attrs.kernel_shape.value as number[]).reduce((p, v) => p * v, 1), reals = [0];
      for (var c = 1; c <= area; c++) reals.push(ratio / c);
      var mm = quantizeMultipliers(reals, what);
      attrs.multiplier = ints(mm.multiplier); attrs.shift = ints(mm.shift);
    } else {
      var xs = shapeOf(n.inputs[0]);
      if (!xs || xs.length < 3) return null;
      var S = D.sizeOf(xs.slice(2));
      var m2 = quantizeMultiplier(ratio / S, what);
      attrs.multiplier = int(m2[0]); attrs.shift = int(m2[1]);
    }
    noteDq(x); noteQ(q);
    var op = n.op === 'MaxPool' ? 'QMaxPool' : n.op === 'AveragePool' ? 'QAveragePool' : 'QGlobalAveragePool';
    return { remove: [n, q.node], q, node: newNode(n, op, [x.x], q, attrs) };
  }

  function tryConcat(n: Node): Fusion | null {
    var xs = n.inputs.map(actIn);
    if (!xs.length || xs.some(x => !x)) return null;
    var q = qAt(n.outputs[0]);
    if (!q) return null;
    var mult: number[] = [], shift: number[] = [], what = `${where}: node '${n.name}'`;
    for (var x of xs) {
      if (same(x!, q)) { mult.push(0); shift.push(0); continue; }
      var m = quantizeMultiplier(x!.scale[0] / q.scale, what);
      mult.push(m[0]); shift.push(m[1]);
    }
    var attrs: Node['attrs'] = { axis: n.attrs.axis, x_zero_points: ints(xs.map(x => x!.zp[0])), multiplier: ints(mult), shift: ints(shift),
      y_zero_point: int(q.zp), output_dtype: int(q.dtype) };
    xs.forEach(x => noteDq(x!)); noteQ(q);
    return { remove: [n, q.node], q, node: newNode(n, 'QConcat', xs.map(x => x!.x), q, attrs) };
  }

  function tryMove(n: Node): Fusion | null {
    var x = actIn(n.inputs[0]);
    if (!x || n.outputs.filter(Boolean).length !== 1) return null;
    var q = qAt(n.outputs[0]);
    if (!q || !same(x, q)) return null;
    noteDq(x); noteQ(q);
    return { remove: [n, q.node], q, node: { ...n, inputs: [x.x, ...n.inputs.slice(1)], outputs: [q.out] } };
  }

  function tryLookup(n: Node): Fusion | null {
    var cur = n.inputs.find(i => i && actIn(i));
    if (!cur || !isUnaryOn(n, cur, constOf, rankOf)) return null;
    var x = actIn(cur)!, chain: TableNode[] = [{ node: n, cur }], out = n.outputs[0], q: Q | null;
    while (!(q = qAt(out))) {
      var u = index.soleUse(out);
      if (!u || !isUnaryOn(u.node, out, constOf, rankOf)) return null;
      chain.push({ node: u.node, cur: out });
      out = u.node.outputs[0];
    }
    var t = buildTable(model, x.dtype, x.node, chain, q.node, constOf);
    var tname = addConst(`${q.out.replace(/_quantized$/, '')}_lut`, t.dtype, [256], t.data);
    noteDq(x); noteQ(q);
    return { remove: [...chain.map(c => c.node), q.node], q, node: newNode(n, 'QLookup', [x.x, tname], q, {}) };
  }

  // Weights-only: DequantizeLinear(int8 constant, per tensor or per output channel) → Conv, Gemm,
  // MatMul with float activations → WConv / WMatMul (float math on the int8 weights, no
  // dequantized copy). Biases stay float (an int32 DequantizeLinear bias is dequantized here).
  function floatBias(name: string, count: number, beta: number): string | null | false {
    if (!name) return null;
    var d = dqOf(name), vals = new Float32Array(count);
    if (d) {
      if (!d.xData || (d.xData.length !== 1 && d.xData.length !== count)) return false;
      for (var c = 0; c < count; c++) { var k = d.xData.length > 1 ? c : 0, sk = d.scale.length > 1 ? c : 0; vals[c] = (d.xData[k] - d.zp[sk]) * d.scale[sk] * beta; }
    } else {
      var k2 = constOf(name);
      if (!k2 || !D.isFloat(k2.dtype) || (k2.data.length !== 1 && k2.data.length !== count)) return false;
      for (var c = 0; c < count; c++) vals[c] = k2.data[k2.data.length > 1 ? c : 0] * beta;
    }
    return addConst(name + '_float', D.FLOAT, [count], vals);
  }
  function tryWeightOnly(n: Node): Fusion | null {
    if (actIn(n.inputs[0]) || dtypeOf(n.inputs[0]) !== D.FLOAT) return null;
    var w = dqOf(n.inputs[1]);
    if (!w || !w.xData || !w.xShape || w.dtype === D.INT32) return null;
    var attrs: Node['attrs'] = {}, inputs: string[];
    if (n.op === 'Conv') {
      var M = w.xShape[0];
      if (w.scale.length > 1 && (w.axis !== 0 || w.scale.length !== M)) return null;
      var b = floatBias(n.inputs[2], M, 1);
      if (b === false) return null;
      attrs = windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'group']);
      attrs.scale = { type: 'floats', value: w.scale.slice() };
      if (w.zp.some(z => z !== 0)) attrs.w_zero_point = ints(w.zp);
      inputs = b ? [n.inputs[0], w.x, b] : [n.inputs[0], w.x];
      return { remove: [n], q: null, node: { name: n.name, op: 'WConv', domain: INT8_DOMAIN, inputs, outputs: n.outputs.slice(), attrs } };
    }
    var isGemm = n.op === 'Gemm', tb = isGemm && !!(n.attrs.transB && n.attrs.transB.value);
    if (w.xShape.length !== 2 || (isGemm && n.attrs.transA && n.attrs.transA.value)) return null;
    var alpha = isGemm && n.attrs.alpha ? n.attrs.alpha.value : 1, beta = isGemm && n.attrs.beta ? n.attrs.beta.value : 1;
    var K = tb ? w.xShape[1] : w.xShape[0], N = tb ? w.xShape[0] : w.xShape[1];
    if (w.scale.length > 1 && (w.scale.length !== N || w.axis !== (tb ? 0 : 1))) return null;
    if (isGemm && n.inputs[2]) {
      var cs = shapeOf(n.inputs[2]) || (constOf(n.inputs[2]) || { shape: null }).shape;
      if (!cs || (D.sizeOf(cs) !== 1 && !(cs[cs.length - 1] === N && D.sizeOf(cs) === N))) return null;
    }
    var bias = isGemm ? floatBias(n.inputs[2], N, beta) : null;
    if (bias === false) return null;
    var bIn = w.x;
    if (tb) {
      var t = new (D.ARRAY_OF[w.dtype]!)(K * N);
      for (var i = 0; i < N; i++) for (var k = 0; k < K; k++) t[k * N + i] = w.xData[i * K + k];
      bIn = addConst(w.x + '_t', w.dtype, [K, N], t);
    }
    attrs.scale = { type: 'floats', value: w.scale.map(s => s * alpha) };
    if (w.zp.some(z => z !== 0)) attrs.b_zero_point = ints(w.zp);
    return { remove: [n], q: null, node: { name: n.name, op: 'WMatMul', domain: INT8_DOMAIN, inputs: bias ? [n.inputs[0], bIn, bias] : [n.inputs[0], bIn], outputs: n.outputs.slice(), attrs } };
  }

  var removed = new Set<Node>(), replacement = new Map<Node, Node>();
  for (var n of g.nodes) {
    if (removed.has(n) || n.domain !== '') continue;
    var f: Fusion | null = null;
    if (n.op === 'Conv') f = tryConv(n) || tryWeightOnly(n);
    else if (n.op === 'MatMul' || n.op === 'Gemm') f = tryMatMul(n) || tryWeightOnly(n);
    else if (n.op === 'Add' || n.op === 'Mul') f = tryAddMul(n) || tryLookup(n);
    else if (n.op === 'MaxPool' || n.op === 'AveragePool' || n.op === 'GlobalAveragePool') f = tryPool(n);
    else if (n.op === 'Concat') f = tryConcat(n);
    else if (MOVES.has(n.op)) f = tryMove(n) || (n.op === 'Identity' ? tryLookup(n) : null);
    else if (n.op !== 'QuantizeLinear' && n.op !== 'DequantizeLinear') f = tryLookup(n);
    if (!f || f.remove.some(r => removed.has(r))) continue;
    for (var r of f.remove) removed.add(r);
    replacement.set(f.q ? f.q.node : f.remove[0], f.node);
  }
  if (!replacement.size) return;
  var nodes: Node[] = [];
  for (var n of g.nodes) {
    if (replacement.has(n)) nodes.push(replacement.get(n)!);
    else if (!removed.has(n)) nodes.push(n);
  }
  g.nodes = nodes;
  // DequantizeLinear nodes nothing reads any more; notes for the Q/DQ that stay
  var idx = new GraphIndex(g);
  g.nodes = g.nodes.filter(n => !(isOp(n, 'DequantizeLinear') && !idx.uses(n.outputs[0]).length && !idx.outputs.has(n.outputs[0])));
  index = idx;
  for (var n of g.nodes) {
    if (isOp(n, 'DequantizeLinear')) { var d = dqOf(n.outputs[0]); if (d && d.dtype !== D.INT32 && !d.xData) noteDq(d); }
    if (isOp(n, 'QuantizeLinear')) {
      var s = constOf(n.inputs[1]), z = n.inputs[2] ? constOf(n.inputs[2]) : null;
      if (s && s.data.length === 1) note(n.outputs[0], [s.data[0]], [z ? z.data[0] : 0], -1);
    }
  }
  // A table right after a QConv/QMatMul (LeakyRelu, Sigmoid... on its output) becomes the
  // kernel's optional table input: one pass, and no intermediate tensor.
  idx = new GraphIndex(g);
  var gone = new Set<Node>();
  for (var n of g.nodes) {
    if (n.domain !== INT8_DOMAIN || n.op !== 'QLookup') continue;
    var p = idx.producer.get(n.inputs[0]);
    if (!p || p.domain !== INT8_DOMAIN || (p.op !== 'QConv' && p.op !== 'QMatMul') || p.inputs[2] || !idx.soleUse(n.inputs[0])) continue;
    var lut = namer.fresh(p.name + '/lut'), tv = g.values.get(n.inputs[1])!;   // named after its kernel
    g.values.delete(n.inputs[1]);
    g.values.set(lut, { ...tv, name: lut });
    p.inputs = [p.inputs[0], p.inputs[1], lut];
    p.outputs = n.outputs.slice();
    gone.add(n);
  }
  g.nodes = g.nodes.filter(n => !gone.has(n));
  if (!model.opsets[INT8_DOMAIN]) model.opsets[INT8_DOMAIN] = 1;
}

// Types and shapes of every value, from inferring (and folding) a copy of the model; the model
// itself when it is already fully typed.
function inferredValues(model: Model): Map<string, Value> {
  var g = model.graph, typed = true;
  for (var n of g.nodes) for (var o of n.outputs) if (o && !staticShape(g.values.get(o))) typed = false;
  if (typed) return g.values;
  var copy = cloneModel(model);
  inferAndFold(copy);
  var m = new Map(g.values);
  for (var [k, v] of copy.graph.values) m.set(k, v);
  return m;
}
