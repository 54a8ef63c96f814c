// Quantization metadata of int8 tensors (scale, zero point, axis), carried onto the values so
// the emitter writes it into model.tnx (Tensor.quant) and `inspect` shows it. fuseQdq notes it
// as it rewrites the graph; inference rebuilds value records afterwards, so annotateQuant
// applies the notes once the graph is final.
import { Model, Value } from '../../ir';
import { allGraphs } from './bodies';

export interface QuantInfo { scale: number[]; zeroPoint: number[]; axis: number }

var notes = new WeakMap<Model, Map<string, QuantInfo>>();

export function noteQuant(model: Model, name: string, q: QuantInfo) {
  if (!notes.has(model)) notes.set(model, new Map());
  notes.get(model)!.set(name, q);
}

export function annotateQuant(model: Model) {
  var m = notes.get(model);
  if (!m) return;
  for (var g of allGraphs(model.graph)) for (var [name, q] of m) {   // subgraphs are quantized too
    var v = g.values.get(name);
    if (v) (v as Value & { quant?: QuantInfo }).quant = q;
  }
}

export function quantOf(v: Value): QuantInfo | undefined {
  return (v as Value & { quant?: QuantInfo }).quant;
}

// Every DequantizeLinear's input (and --quantize dynamic's weights) with its scale, zero point
// and axis: the quantization of a QDQ graph, weights and biases included (their scales are
// folded into the int8 kernels' multipliers, so model.tnx does not repeat them).
export function qdqTensors(model: Model): { name: string; dtype: number; quant: QuantInfo }[] {
  var r: { name: string; dtype: number; quant: QuantInfo }[] = [], seen = new Set<string>(), graphs = allGraphs(model.graph);
  // names are unique in the model: a body's DequantizeLinear may read an outer value
  var get = (name: string) => { for (var h of graphs) { var v = h.values.get(name); if (v) return v; } return undefined; };
  for (var n of graphs.flatMap(h => h.nodes)) {
    if ((n.op === 'ConvInteger' || n.op === 'MatMulInteger') && n.domain === '' && !seen.has(n.inputs[1])) {
      var w = get(n.inputs[1]), wq = notes.get(model) && notes.get(model)!.get(n.inputs[1]);   // --quantize dynamic's weights
      if (w && wq) { seen.add(n.inputs[1]); r.push({ name: n.inputs[1], dtype: w.dtype, quant: wq }); }
      continue;
    }
    if (n.op !== 'DequantizeLinear' || n.domain !== '' || seen.has(n.inputs[0])) continue;
    var x = get(n.inputs[0]), s = get(n.inputs[1]), z = n.inputs[2] ? get(n.inputs[2]) : undefined;
    if (!x || !s || !s.data) continue;
    seen.add(n.inputs[0]);
    var scale = Array.from(s.data), zp = z && z.data ? Array.from(z.data) : scale.map(() => 0);
    r.push({ name: n.inputs[0], dtype: x.dtype, quant: { scale, zeroPoint: zp, axis: scale.length > 1 ? (n.attrs.axis ? n.attrs.axis.value : 1) : -1 } });
  }
  return r;
}
