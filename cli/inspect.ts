// `tinyonnx inspect model.onnx | model.tnx`: inputs/outputs, op counts, parameters, bytes.
import * as fs from 'fs';
import { readOnnx } from '../converter/readOnnx';
import { Graph } from '../converter/ir';
import { readModel, GraphView } from '../device/reader';
import { userError } from '../base/errors';
import * as D from '../device/dtype';
import { nodeCosts, NodeCost } from '../base/nodeCost';

interface Summary {
  file: string; format: string; bytes: number;
  inputs: { name: string; dtype: string; shape: (number | string)[] }[];
  outputs: { name: string; dtype: string; shape: (number | string)[] }[];
  ops: Record<string, number>; parameters: number; parameterBytes: number; arenaBytes?: number;
  quantized?: { name: string; scale: number[]; zeroPoint: number[]; axis: number }[];
  macs?: number; nodes?: NodeCost[];   // model.tnx: multiply-adds, weight and activation bytes per node
}

function countOnnx(g: Graph, ops: Record<string, number>) {
  for (var n of g.nodes) {
    var k = (n.domain ? n.domain + ':' : '') + n.op;
    ops[k] = (ops[k] || 0) + 1;
    for (var a in n.attrs) if (n.attrs[a].type === 'graph') countOnnx(n.attrs[a].value, ops);
  }
}

export function summarize(file: string): Summary {
  if (!fs.existsSync(file)) userError(`${file}: no such file`);
  var bytes = fs.readFileSync(file);
  var ops: Record<string, number> = {};
  if (bytes.length >= 8 && bytes.toString('latin1', 4, 8) === 'TNX1') {
    var m;
    try { m = readModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)); } catch (e: any) { userError(`${file}: ${e.message}`); }
    var walk = (g: GraphView) => { for (var n of g.nodes) { var o = m!.ops[n.op]; var k = (o.domain ? o.domain + ':' : '') + o.op; ops[k] = (ops[k] || 0) + 1; for (var s in n.graphs) { var gs = n.graphs[s]; (Array.isArray(gs) ? gs : [gs]).forEach(walk); } } };
    walk(m!.graph);
    // activations inside the graph are stored without names (docs/format.md): named by their node
    var writer = new Map<number, string>();
    var producers = (g: GraphView) => { for (var n of g.nodes) { n.outputs.forEach((o, k) => { if (o >= 0 && !writer.has(o)) writer.set(o, `output ${k} of node '${n.name}'`); }); for (var s in n.graphs) { var gs = n.graphs[s]; (Array.isArray(gs) ? gs : [gs]).forEach(producers); } } };
    producers(m!.graph);
    var label = (name: string, i: number) => name || `#${i} (${writer.get(i) || 'unnamed'})`;
    var params = 0, pbytes = 0;
    for (var t of m!.tensors) if (t.kind === 1) { var n = D.sizeOf(t.shape); params += n; pbytes += n * D.bytesPer(t.dtype); }
    var io = (idx: number[]) => idx.map(i => ({ name: m!.tensors[i].name, dtype: D.DTYPE_NAME[m!.tensors[i].dtype], shape: m!.tensors[i].shape }));
    return { file, format: 'tnx', bytes: bytes.length, inputs: io(m!.graph.inputs), outputs: io(m!.graph.outputs), ops, parameters: params,
      parameterBytes: pbytes, arenaBytes: m!.arenaSize, nodes: nodeCosts(m!), macs: nodeCosts(m!).reduce((a, c) => a + c.macs, 0),
      quantized: m!.tensors.map((t, i) => ({ t, i })).filter(x => x.t.quant).map(x => ({ name: label(x.t.name, x.i), ...x.t.quant! })) };
  }
  var model = readOnnx(file);
  countOnnx(model.graph, ops);
  var params = 0, pbytes = 0;
  for (var v of model.graph.values.values()) if (v.data) { params += v.data.length; pbytes += v.data.byteLength; }
  var io2 = (names: string[]) => names.map(n => { var v = model.graph.values.get(n)!; return { name: n, dtype: D.DTYPE_NAME[model.ioDtypes[n] || v.dtype], shape: v.shape || [] }; });
  return { file, format: 'onnx', bytes: bytes.length, inputs: io2(model.graph.inputs), outputs: io2(model.graph.outputs), ops, parameters: params, parameterBytes: pbytes };
}

export function inspectCommand(argv: any, _spec: any) {
  var s = summarize(argv.file);
  if (argv.json) { console.log(JSON.stringify(s, null, 2)); return; }
  console.log(`${s.file} (${s.format}, ${s.bytes} bytes)`);
  for (var i of s.inputs) console.log(`  input  ${i.name}: ${i.dtype} [${i.shape.join(', ')}]`);
  for (var o of s.outputs) console.log(`  output ${o.name}: ${o.dtype} [${o.shape.join(', ')}]`);
  var total = Object.values(s.ops).reduce((a, b) => a + b, 0);
  console.log(`  ${total} nodes: ` + Object.entries(s.ops).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ×${v}`).join(', '));
  console.log(`  ${s.parameters} parameters (${s.parameterBytes} bytes)` + (s.arenaBytes !== undefined ? `, arena ${s.arenaBytes} bytes` : ''));
  if (s.nodes) {
    console.log(`  ${s.macs} multiply-adds per inference; per node (MACs, weight bytes, activation bytes written):`);
    for (var c of s.nodes) console.log(`    ${c.name} (${c.op}): ${c.macs} MACs, ${c.weightBytes} B weights, ${c.activationBytes} B out`);
  }
  if (s.quantized && s.quantized.length) for (var q of s.quantized) console.log(`  quant ${q.name}: axis ${q.axis}, scale [${q.scale.slice(0, 4).join(', ')}${q.scale.length > 4 ? ', …' : ''}]`);
}
