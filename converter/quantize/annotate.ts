// Quantization metadata of int8 tensors (scale, zero point, axis), carried onto the values so
// the emitter writes it into model.tnx (Tensor.quant) and `inspect` shows it. fuseQdq notes it
// as it rewrites the graph; inference rebuilds value records afterwards, so annotateQuant
// applies the notes once the graph is final.
import { Model, Value } from '../ir';

export interface QuantInfo { scale: number[]; zeroPoint: number[]; axis: number }

var notes = new WeakMap<Model, Map<string, QuantInfo>>();

export function noteQuant(model: Model, name: string, q: QuantInfo) {
  if (!notes.has(model)) notes.set(model, new Map());
  notes.get(model)!.set(name, q);
}

export function annotateQuant(model: Model) {
  var m = notes.get(model);
  if (!m) return;
  for (var [name, q] of m) {
    var v = model.graph.values.get(name);
    if (v) (v as Value & { quant?: QuantInfo }).quant = q;
  }
}

export function quantOf(v: Value): QuantInfo | undefined {
  return (v as Value & { quant?: QuantInfo }).quant;
}

// Every tensor with quantization metadata, for reports.
export function quantizedTensors(model: Model): { name: string; dtype: number; quant: QuantInfo }[] {
  var r: { name: string; dtype: number; quant: QuantInfo }[] = [];
  for (var [name, v] of model.graph.values) { var q = quantOf(v); if (q) r.push({ name, dtype: v.dtype, quant: q }); }
  return r;
}

// Every DequantizeLinear's input with its scale, zero point and axis: the quantization of a QDQ
// graph, weights and biases included (their scales are folded into the int8 kernels'
// multipliers, so model.tnx does not repeat them).
export function qdqTensors(model: Model): { name: string; dtype: number; quant: QuantInfo }[] {
  var g = model.graph, r: { name: string; dtype: number; quant: QuantInfo }[] = [], seen = new Set<string>();
  for (var n of g.nodes) {
    if (n.op !== 'DequantizeLinear' || n.domain !== '' || seen.has(n.inputs[0])) continue;
    var x = g.values.get(n.inputs[0]), s = g.values.get(n.inputs[1]), z = n.inputs[2] ? g.values.get(n.inputs[2]) : undefined;
    if (!x || !s || !s.data) continue;
    seen.add(n.inputs[0]);
    var scale = Array.from(s.data), zp = z && z.data ? Array.from(z.data) : scale.map(() => 0);
    r.push({ name: n.inputs[0], dtype: x.dtype, quant: { scale, zeroPoint: zp, axis: scale.length > 1 ? (n.attrs.axis ? n.attrs.axis.value : 1) : -1 } });
  }
  return r;
}
