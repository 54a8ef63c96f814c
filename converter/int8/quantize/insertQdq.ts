// Rewrites a float graph into standard QDQ form from a plan (plan.ts), for static int8:
//  - a tensor T produced by an int8 group: the producer now writes T_float, then
//      T_float → QuantizeLinear → T_quantized → DequantizeLinear → T
//    so every reader (int8 or float) and a graph output named T see the dequantized value;
//  - a tensor T produced in float (or a graph input) that int8 groups read:
//      T → QuantizeLinear → T_quantized → DequantizeLinear → T_dequantized, read by those groups;
//  - weights: int8 constant (per-channel symmetric) → DequantizeLinear; biases: int32 constant
//    in scale x_scale * w_scale → DequantizeLinear; constant operands of Add/Mul/Concat: int8.
// The result is what --emit-qdq writes, and what fuseQdq turns into int8 kernels.
// (--quantize dynamic writes onnxruntime's dynamic form instead: dynamic.ts.)
import { Model, Node, Value } from '../../ir';
import { Namer } from '../../graph/names';
import { staticShape } from '../../graph/shapes';
import { GraphIndex, constData } from '../../graph/uses';
import { qBound, actStep, NO_ACT } from './activations';
import { Plan, actParams } from './plan';
import { quantizeWeight, quantizeBias, quantizeConstAsym } from './weights';
import { noteQuant } from './annotate';
import * as D from '../../../device/dtype';

export function insertQdq(model: Model, plan: Plan, names?: Namer) {
  dropFoldedClamps(model.graph, plan);
  var w = qdqWriter(model, names);
  var acts = quantizeActivations(w, model, plan);
  quantizeGroupInputs(w, plan, acts.dqName);
  var g = model.graph, nodes: Node[] = w.first.slice();
  for (var nd of g.nodes) { nodes.push(nd); if (w.after.has(nd)) nodes.push(...w.after.get(nd)!); }
  g.nodes = nodes;
  dropClampsBeforeQ(model, plan, acts.floatQ);
}

// Folded Relu/Clip/Max/Min whose clamp the output quantization already applies (a Relu before
// a range that starts at 0) are dropped, leaving DequantizeLinear → op → QuantizeLinear.
function dropFoldedClamps(g: Model['graph'], plan: Plan) {
  for (var grp of plan.groups) {
    var p0 = plan.params.get(grp.output);
    if (!grp.act || grp.nodes.length < 2 || !p0) continue;
    if (qBound(grp.act.lo, p0.scale, p0.zp, -128, 127) > -128 || qBound(grp.act.hi, p0.scale, p0.zp, -128, 127) < 127) continue;
    var drop = new Set(grp.nodes.slice(1));
    g.nodes = g.nodes.filter(x => !drop.has(x));
    grp.nodes[0].outputs[0] = grp.output;
    grp.nodes = [grp.nodes[0]];
  }
}

type QdqWriter = ReturnType<typeof qdqWriter>;

// What adding Q/DQ nodes needs: fresh names, new values, and where each new node goes (right
// after the producer of the name it reads; constants and graph inputs: first).
function qdqWriter(model: Model, names?: Namer) {
  var g = model.graph;
  var index = new GraphIndex(g), namer = names || new Namer(g);
  var first: Node[] = [], after = new Map<Node, Node[]>();
  var at = (name: string, n: Node) => {
    var p = name ? index.producer.get(name) : undefined;
    if (!p) { first.push(n); return; }
    if (!after.has(p)) after.set(p, []);
    after.get(p)!.push(n);
  };
  var addValue = (name: string, dtype: number, shape: number[], data?: D.TypedArray) => {
    var v: Value = { name, dtype, shape: shape.slice() };
    if (data) v.data = data;
    g.values.set(name, v);
  };
  var constOf = (n: string) => constData(g, index, n);
  var dq = (name: string, src: string, scale: string, zp: string, axis: number | null): Node => {
    var node: Node = { name: namer.fresh(name + '_DequantizeLinear'), op: 'DequantizeLinear', domain: '', inputs: [src, scale, zp], outputs: [name], attrs: {} };
    if (axis !== null) node.attrs.axis = { type: 'int', value: axis };
    return node;
  };
  var scalars = (base: string, scale: number[], zp: number[], zdt: number): [string, string] => {
    var s = namer.fresh(base + '_scale'), z = namer.fresh(base + '_zero_point'), one = scale.length === 1;
    addValue(s, D.FLOAT, one ? [] : [scale.length], new Float32Array(scale));
    addValue(z, zdt, one ? [] : [zp.length], zdt === D.INT32 ? new Int32Array(zp) : new Int8Array(zp));
    return [s, z];
  };

  return { g, index, namer, first, after, at, addValue, constOf, dq, scalars };
}

// Every planned activation gets QuantizeLinear → DequantizeLinear; returns the dequantized name
// int8 readers use and the QuantizeLinear nodes added after float producers.
function quantizeActivations(w: QdqWriter, model: Model, plan: Plan) {
  var g = w.g, index = w.index, namer = w.namer, at = w.at, addValue = w.addValue, scalars = w.scalars, dq = w.dq;
  var dqName = new Map<string, string>(), producerInt8 = new Set<string>(), floatQ = new Map<Node, string>();
  for (var grp of plan.groups) producerInt8.add(grp.output);
  for (var [t, p] of plan.params) {
    var v = g.values.get(t)!, shape = v.shape as number[];
    var [s, z] = scalars(t, [p.scale], [p.zp], D.INT8);
    var qn = namer.fresh(t + '_quantized');
    addValue(qn, D.INT8, shape);
    noteQuant(model, qn, { scale: [p.scale], zeroPoint: [p.zp], axis: -1 });
    if (producerInt8.has(t)) {
      var fl = namer.fresh(t + '_float'), prod = index.producer.get(t)!;
      at(t, { name: namer.fresh(t + '_QuantizeLinear'), op: 'QuantizeLinear', domain: '', inputs: [fl, s, z], outputs: [qn], attrs: {} });
      at(t, dq(t, qn, s, z, null));
      prod.outputs = prod.outputs.map(o => (o === t ? fl : o));
      addValue(fl, v.dtype, shape);
      dqName.set(t, t);
    } else {
      var dn = namer.fresh(t + '_dequantized');
      addValue(dn, v.dtype, shape);
      var qnode: Node = { name: namer.fresh(t + '_QuantizeLinear'), op: 'QuantizeLinear', domain: '', inputs: [t, s, z], outputs: [qn], attrs: {} };
      at(t, qnode);
      if (!g.inputs.includes(t)) floatQ.set(qnode, t);
      at(t, dq(dn, qn, s, z, null));
      dqName.set(t, dn);
    }
  }
  return { dqName, floatQ };
}

// The inputs of each quantized group: dequantized copies of float activations, constant operands
// as their own asymmetric int8, weights per channel, int32 biases.
function quantizeGroupInputs(w: QdqWriter, plan: Plan, dqName: Map<string, string>) {
  var namer = w.namer, at = w.at, addValue = w.addValue, scalars = w.scalars, dq = w.dq, constOf = w.constOf;
  var producerInt8 = new Set<string>();
  for (var grp of plan.groups) producerInt8.add(grp.output);
  var constDq = new Map<string, string>();
  for (var grp of plan.groups) {
    var n = grp.nodes[0];
    // int8 readers of float-produced tensors read the dequantized copy
    for (var i = 0; i < n.inputs.length; i++) {
      var name = n.inputs[i];
      if (!name) continue;
      if (grp.acts.indexOf(i) >= 0 && dqName.has(name) && !producerInt8.has(name)) n.inputs[i] = dqName.get(name)!;
      else if (grp.acts.indexOf(i) >= 0 && constOf(name) && (grp.role === 'binary' || grp.role === 'concat')) {
        // constant operand: its own asymmetric int8
        var c = constOf(name)!;
        var key = name + '\u0000asym';
        if (!constDq.has(key)) {
          var lo = Infinity, hi = -Infinity;
          for (var k = 0; k < c.data.length; k++) { lo = Math.min(lo, c.data[k]); hi = Math.max(hi, c.data[k]); }
          var ap = actParams(lo, hi), qc = namer.fresh(name + '_quantized');
          addValue(qc, D.INT8, c.shape, quantizeConstAsym(c.data, ap.scale, ap.zp));
          var [s2, z2] = scalars(name, [ap.scale], [ap.zp], D.INT8);
          var dn2 = namer.fresh(name + '_dequantized');
          addValue(dn2, D.FLOAT, c.shape);
          at('', dq(dn2, qc, s2, z2, null));
          constDq.set(key, dn2);
        }
        n.inputs[i] = constDq.get(key)!;
      }
    }
    if (!grp.weight) continue;
    var wName = n.inputs[grp.weight.input], wc = constOf(wName)!, axis = grp.weight.axis;
    var wkey = wName + '\u0000' + axis, qw = quantizeWeight(wc.data, wc.shape, axis);
    if (!constDq.has(wkey)) {
      var qwn = namer.fresh(wName + '_quantized');
      addValue(qwn, D.INT8, wc.shape, qw.data);
      var [s3, z3] = scalars(wName, qw.scale, qw.scale.map(() => 0), D.INT8);
      var dn3 = namer.fresh(wName + '_dequantized');
      addValue(dn3, D.FLOAT, wc.shape);
      at('', dq(dn3, qwn, s3, z3, axis >= 0 ? axis : null));
      constDq.set(wkey, dn3);
    }
    n.inputs[grp.weight.input] = constDq.get(wkey)!;
    if (grp.bias === undefined) continue;
    var bName = n.inputs[grp.bias], bc = constOf(bName)!;
    var xAct = n.inputs[0], xp = plan.params.get(originalName(xAct))!;
    var M = qw.scale.length > 1 ? qw.scale.length : bc.data.length;
    var qb = quantizeBias(bc.data, M, xp.scale, qw.scale);
    var qbn = namer.fresh(bName + '_quantized');
    addValue(qbn, D.INT32, [M], qb.data);
    var [s4, z4] = scalars(bName, qb.scale, qb.scale.map(() => 0), D.INT32);
    var dn4 = namer.fresh(bName + '_dequantized');
    addValue(dn4, D.FLOAT, [M]);
    at('', dq(dn4, qbn, s4, z4, qb.scale.length > 1 ? 0 : null));
    n.inputs[grp.bias] = dn4;
  }
  function originalName(x: string): string {
    for (var [t, d] of dqName) if (d === x) return t;
    return x;
  }

}

// A float Relu/Clip/Max/Min whose only reader is the QuantizeLinear added after it, when that
// QuantizeLinear clamps at least as much (a Relu before a range starting at 0: Q(0) is -128),
// is dropped and the QuantizeLinear reads its input: quantization is monotonic, so
// Q(clamp(v, lo, hi)) = clamp(Q(v), Q(lo), Q(hi)) = Q(v) exactly. One float node and tensor
// less, e.g. LayerNorm → Relu → int8 Gemm in openWakeWord's classifiers.
function dropClampsBeforeQ(model: Model, plan: Plan, floatQ: Map<Node, string>) {
  var g = model.graph, index = new GraphIndex(g), opset = model.opsets[''] || 1, drop = new Set<Node>();
  var constOf = (n: string) => constData(g, index, n);
  var rankOf = (n: string) => { var s = staticShape(g.values.get(n)); return s ? s.length : null; };
  for (var [q, t] of floatQ) {
    var prod = index.producer.get(t), u = index.soleUse(t), p = plan.params.get(t)!;
    if (!prod || drop.has(prod) || !u || u.node !== q) continue;
    var cur = prod.inputs.find(i => i && !constOf(i) && g.values.get(i) && g.values.get(i)!.dtype === g.values.get(t)!.dtype);
    var act = cur ? actStep(prod, cur, NO_ACT, false, constOf, rankOf, opset) : null;
    if (!act || qBound(act.lo, p.scale, p.zp, -128, 127) > -128 || qBound(act.hi, p.scale, p.zp, -128, 127) < 127) continue;
    q.inputs[0] = cur!;
    drop.add(prod);
    g.values.delete(t);
  }
  if (drop.size) g.nodes = g.nodes.filter(n => !drop.has(n));
}
