// Static int8 quantization plan of a float graph: which nodes run in int8, which tensors get a
// QuantizeLinear → DequantizeLinear pair, and their scale and zero point.
//
// - Conv, Gemm (transA 0) and MatMul with constant weights always run in int8, with the
//   activations after them that fold into the requantization (quantize/activations.ts).
// - Add, Mul, pools, Concat, element-wise functions (as tables) and data movement (Reshape,
//   Flatten, Transpose, ...) run in int8 when an input is already int8: int8 spreads from the
//   weighted ops, and float regions (e.g. a LayerNorm) stay float.
// - Data movement and MaxPool keep their input's quantization (both tensors share one range).
// - Activations: per-tensor asymmetric int8 from the calibration range (widened to include 0, so
//   padding and Relu are exact). A Sigmoid output is fixed to scale 1/256, zero point -128 and
//   a Tanh output to 1/128, 0 (the functions' ranges); their inputs cover at least [-8, 8] and
//   [-4, 4], where the functions saturate, so values beyond the calibration data still reach
//   the output instead of clipping it (a wake-word logit never seen during calibration).
import { Model, Node } from '../../ir';
import { staticShape } from '../../graph/shapes';
import { GraphIndex, constData } from '../../graph/uses';
import { Act, NO_ACT, actStep } from './activations';
import { isUnaryOn } from './lookup';
import { Range } from './calibrate';
import * as D from '../../../device/dtype';

export interface ActParams { scale: number; zp: number }

export type Role = 'weighted' | 'binary' | 'pool' | 'maxpool' | 'concat' | 'lookup' | 'move';

export interface Group {
  role: Role;
  nodes: Node[];       // the op, then the activations / element-wise chain folded into it
  output: string;      // the group's (quantized) output
  acts: number[];      // indices of the first node's inputs that are int8 activations
  act?: Act;           // the clamp of the folded Relu/Clip/Max/Min (weighted, binary)
  weight?: { input: number; axis: number };   // constant weight input and its per-channel axis
  bias?: number;       // constant bias input (Conv, Gemm)
}

export interface Plan {
  groups: Group[];
  params: Map<string, ActParams>;   // every tensor that gets Q → DQ
}

var MOVES = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Slice', 'Gather']);

export function actParams(lo: number, hi: number): ActParams {
  lo = Math.min(lo, 0); hi = Math.max(hi, 0);
  if (!(hi - lo > 1e-30) || !isFinite(hi - lo)) return { scale: 1, zp: 0 };
  var scale = Math.fround((hi - lo) / 255);
  var zp = Math.round(-128 - lo / scale);
  return { scale, zp: zp < -128 ? -128 : zp > 127 ? 127 : zp };
}

export function planStatic(model: Model, ranges: Map<string, Range>, perChannel: boolean): Plan {
  var g = model.graph, index = new GraphIndex(g), opset = model.opsets[''] || 1;
  var constOf = (n: string) => constData(g, index, n);
  var isConst = (n: string) => !!constOf(n);
  var shapeOf = (n: string) => staticShape(g.values.get(n));
  var rankOf = (n: string) => { var s = shapeOf(n); return s ? s.length : null; };
  var isFloatT = (n: string) => { var v = g.values.get(n); return !!v && v.dtype === D.FLOAT; };

  // Relu/Clip/Max/Min after a weighted op or Add/Mul (clamps of its requantization). LeakyRelu
  // is not folded here but run as a table after the op's own requantization: then the
  // QDQ graph has DequantizeLinear → Conv → QuantizeLinear groups, which onnxruntime runs in
  // integer arithmetic too (its float path would disagree with ours in rounding).
  function chain(first: Node): { nodes: Node[]; out: string; act: Act } {
    var nodes = [first], out = first.outputs[0], act: Act = NO_ACT;
    for (;;) {
      var u = index.soleUse(out);
      if (!u) break;
      var next = actStep(u.node, out, act, false, constOf, rankOf, opset);
      if (!next) break;
      act = next; nodes.push(u.node); out = u.node.outputs[0];
    }
    return { nodes, out, act };
  }

  // Candidates, in graph order; `taken` stops a node from joining two groups.
  var candidates: Group[] = [], taken = new Set<Node>();
  for (var n of g.nodes) {
    if (taken.has(n) || n.domain !== '' || !n.outputs[0] || !isFloatT(n.outputs[0])) continue;
    var cand: Group | null = null;
    var ins = n.inputs;
    if (n.op === 'Conv' && !isConst(ins[0]) && isConst(ins[1]) && (!ins[2] || isConst(ins[2])) && (rankOf(ins[1]) || 0) >= 3) {
      var c = chain(n);
      cand = { role: 'weighted', nodes: c.nodes, output: c.out, act: c.act, acts: [0], weight: { input: 1, axis: perChannel ? 0 : -1 }, bias: ins[2] ? 2 : undefined };
    } else if (n.op === 'Gemm' && !isConst(ins[0]) && isConst(ins[1]) && (!ins[2] || isConst(ins[2])) && rankOf(ins[0]) === 2 &&
               !(n.attrs.transA && n.attrs.transA.value) && (!n.attrs.alpha || n.attrs.alpha.value > 0) && gemmBiasOk(n)) {
      var c2 = chain(n), tb = !!(n.attrs.transB && n.attrs.transB.value);
      cand = { role: 'weighted', nodes: c2.nodes, output: c2.out, act: c2.act, acts: [0], weight: { input: 1, axis: perChannel ? (tb ? 0 : 1) : -1 }, bias: ins[2] ? 2 : undefined };
    } else if (n.op === 'MatMul' && !isConst(ins[0])) {
      var c3 = chain(n);
      if (isConst(ins[1])) {
        if (rankOf(ins[1]) === 2) cand = { role: 'weighted', nodes: c3.nodes, output: c3.out, act: c3.act, acts: [0], weight: { input: 1, axis: perChannel ? 1 : -1 } };
      } else cand = { role: 'weighted', nodes: c3.nodes, output: c3.out, act: c3.act, acts: [0, 1] };
    } else if ((n.op === 'Add' || n.op === 'Mul') && ins.length === 2 && !(isConst(ins[0]) && isConst(ins[1]))) {
      var scalarConst = ins.some(i => isConst(i)) && isUnaryOn(n, ins.find(i => !isConst(i))!, constOf, rankOf);
      if (scalarConst) cand = lookupGroup(n, ins.find(i => !isConst(i))!);
      else { var c4 = chain(n); cand = { role: 'binary', nodes: c4.nodes, output: c4.out, act: c4.act, acts: [0, 1] }; }
    } else if ((n.op === 'MaxPool' || n.op === 'AveragePool') && n.outputs.filter(Boolean).length === 1 && n.attrs.kernel_shape &&
               !(n.attrs.ceil_mode && n.attrs.ceil_mode.value === 1)) {
      cand = { role: n.op === 'MaxPool' ? 'maxpool' : 'pool', nodes: [n], output: n.outputs[0], acts: [0] };
    } else if (n.op === 'GlobalAveragePool' && (rankOf(ins[0]) || 0) >= 3) {
      cand = { role: 'pool', nodes: [n], output: n.outputs[0], acts: [0] };
    } else if (n.op === 'Concat' && ins.every(i => !!i)) {
      cand = { role: 'concat', nodes: [n], output: n.outputs[0], acts: ins.map((_, i) => i) };
    } else if (MOVES.has(n.op) && n.outputs.filter(Boolean).length === 1 && !isConst(ins[0])) {
      cand = { role: 'move', nodes: [n], output: n.outputs[0], acts: [0] };
    } else {
      var cur = ins.find(i => i && !isConst(i));
      if (cur && isUnaryOn(n, cur, constOf, rankOf)) cand = lookupGroup(n, cur);
    }
    if (!cand) continue;
    for (var m of cand.nodes) taken.add(m);
    candidates.push(cand);
  }

  function gemmBiasOk(n: Node): boolean {
    if (!n.inputs[2]) return true;
    var b = constOf(n.inputs[2]), w = shapeOf(n.inputs[1]);
    if (!b || !w) return false;
    var N = n.attrs.transB && n.attrs.transB.value ? w[0] : w[1], sz = b.data.length;
    return sz === 1 || (sz === N && b.shape[b.shape.length - 1] === N);
  }
  function lookupGroup(first: Node, cur: string): Group {
    var nodes = [first], out = first.outputs[0];
    for (;;) {
      var u = index.soleUse(out);
      if (!u || taken.has(u.node) || !isUnaryOn(u.node, out, constOf, rankOf) || !isFloatT(u.node.outputs[0])) break;
      nodes.push(u.node); out = u.node.outputs[0];
    }
    return { role: 'lookup', nodes, output: out, acts: [first.inputs.indexOf(cur)] };
  }

  // Which candidates run in int8: weighted ones always; the rest once an input is int8.
  var chosen = new Set<Group>(), q = new Set<string>();
  var actNames = (grp: Group) => grp.acts.map(i => grp.nodes[0].inputs[i]).filter(n => n && !isConst(n) && isFloatT(n));
  var changed = true;
  while (changed) {
    changed = false;
    for (var grp of candidates) {
      if (chosen.has(grp)) continue;
      var ok = grp.role === 'weighted' || actNames(grp).some(n => q.has(n)) || (grp.role === 'move' && q.has(grp.output));
      if (!ok || !isFloatT(grp.output)) continue;
      chosen.add(grp); changed = true;
      for (var a of actNames(grp)) q.add(a);
      q.add(grp.output);
    }
  }
  var groups = candidates.filter(grp => chosen.has(grp));

  return { groups, params: activationParams(groups, q, ranges, index, constOf, rankOf, opset) };
}

// Each int8 activation's scale and zero point: ranges shared where data movement and MaxPool
// tie output to input (union-find over names), widened or fixed for the table ops.
function activationParams(groups: Group[], q: Set<string>, ranges: Map<string, Range>, index: GraphIndex,
                          constOf: (n: string) => ReturnType<typeof constData>, rankOf: (n: string) => number | null, opset: number): Map<string, ActParams> {
  // Shared ranges: data movement and MaxPool tie output to input (union-find over names).
  var parent = new Map<string, string>();
  var find = (x: string): string => { var p = parent.get(x); if (!p || p === x) return x; var r = find(p); parent.set(x, r); return r; };
  for (var grp of groups) if (grp.role === 'move' || grp.role === 'maxpool') {
    var a0 = find(grp.nodes[0].inputs[0]), b0 = find(grp.output);
    if (a0 !== b0) parent.set(b0, a0);
  }
  var cls = new Map<string, { lo: number; hi: number; fixed?: ActParams }>();
  for (var name of q) {
    var r = ranges.get(name), root = find(name);
    var e = cls.get(root) || { lo: Infinity, hi: -Infinity };
    if (r) { e.lo = Math.min(e.lo, r.min); e.hi = Math.max(e.hi, r.max); }
    cls.set(root, e);
  }
  for (var grp of groups) {
    if (grp.role !== 'lookup') continue;
    var first = grp.nodes[0].op, last = grp.nodes[grp.nodes.length - 1].op;
    var inC = cls.get(find(grp.nodes[0].inputs[grp.acts[0]]))!, outC = cls.get(find(grp.output))!;
    if (first === 'Sigmoid') { inC.lo = Math.min(inC.lo, -8); inC.hi = Math.max(inC.hi, 8); }
    if (first === 'Tanh') { inC.lo = Math.min(inC.lo, -4); inC.hi = Math.max(inC.hi, 4); }
    if (last === 'Sigmoid') outC.fixed = { scale: 1 / 256, zp: -128 };
    if (last === 'Tanh') outC.fixed = { scale: 1 / 128, zp: 0 };
  }
  // A table whose function is piecewise linear (LeakyRelu then Max, ...) is constant below
  // some input v_lo and above v_hi: its input needs no resolution there. When the table is that
  // input's only reader, its range shrinks to [v_lo, v_hi] (e.g. [-2, max] before
  // max(leaky_relu(x, 0.2), -0.4)), as quantizers drop a Relu into a range starting at 0.
  for (var grp of groups) {
    if (grp.role !== 'lookup') continue;
    var inName = grp.nodes[0].inputs[grp.acts[0]], f: Act | null = NO_ACT, at = inName;
    for (var m of grp.nodes) { f = f && actStep(m, at, f, true, constOf, rankOf, opset); at = m.outputs[0]; }
    var root = find(inName), members = Array.from(q).filter(x => find(x) === root);
    if (!f || members.length !== 1 || index.uses(inName).length !== 1 || index.outputs.has(inName)) continue;
    var lin = (y: number, sign: number) => (y >= 0 || f!.alpha === 0 ? (y >= 0 ? y : sign * Infinity) : y / f!.alpha);
    var vlo = f.lo === -Infinity ? -Infinity : lin(f.lo, -1), vhi = f.hi === Infinity ? Infinity : lin(f.hi, 1);
    var ec = cls.get(root)!;
    if (vlo > ec.lo && vlo < ec.hi) ec.lo = vlo;
    if (vhi < ec.hi && vhi > ec.lo) ec.hi = vhi;
  }
  var params = new Map<string, ActParams>();
  for (var name of q) {
    var e2 = cls.get(find(name))!;
    params.set(name, e2.fixed || (e2.lo <= e2.hi ? actParams(e2.lo, e2.hi) : { scale: 1, zp: 0 }));
  }
  return params;
}
