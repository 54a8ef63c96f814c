// inspect: what a model.onnx or model.tnx holds: inputs/outputs, op counts, parameters, bytes.
import * as fs from 'fs';
import * as path from 'path';
import { decodeOnnx } from '../converter/readOnnx';
import { Graph } from '../converter/ir';
import { readModel, GraphView } from '../device/reader';
import { userError, fsError } from '../base/errors';
import { recoverInterrupted } from './write';
import * as D from '../device/dtype';
import { nodeCosts, NodeCost } from '../base/nodeCost';

export interface Summary {
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

/** Describes a model file (.onnx or .tnx, told apart by content), or its bytes (`name` names it in messages). */
export function inspect(model: string | Uint8Array, name = 'model'): Summary {
  var file = typeof model === 'string' ? model : name, bytes: Buffer;
  if (typeof model !== 'string') bytes = Buffer.from(model.buffer, model.byteOffset, model.byteLength);
  else {
    recoverInterrupted(path.dirname(file));   // a build killed after its commit point is finished first
    try { if (fs.statSync(file).isDirectory()) userError(`${file}: is a folder; give a .onnx or .tnx file`, 'FS_ERROR'); }
    catch (e: any) { if (e.name === 'UserError') throw e; if (e.code === 'ENOENT') userError(`${file}: no such file`, 'NOT_FOUND'); fsError(e, file, 'read'); }
    try { bytes = fs.readFileSync(file); } catch (e) { fsError(e, file, 'read'); }
  }
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
    var costs = nodeCosts(m!);
    var io = (idx: number[]) => idx.map(i => ({ name: m!.tensors[i].name, dtype: D.DTYPE_NAME[m!.tensors[i].dtype], shape: m!.tensors[i].shape }));
    return { file, format: 'tnx', bytes: bytes.length, inputs: io(m!.graph.inputs), outputs: io(m!.graph.outputs), ops, parameters: params,
      parameterBytes: pbytes, arenaBytes: m!.arenaSize, nodes: costs, macs: costs.reduce((a, c) => a + c.macs, 0),
      quantized: m!.tensors.map((t, i) => ({ t, i })).filter(x => x.t.quant).map(x => ({ name: label(x.t.name, x.i), ...x.t.quant! })) };
  }
  var onnx = decodeOnnx(bytes!, file);
  countOnnx(onnx.graph, ops);
  var params = 0, pbytes = 0;
  for (var v of onnx.graph.values.values()) if (v.data) { params += v.data.length; pbytes += v.data.byteLength; }
  var io2 = (names: string[]) => names.map(n => { var v = onnx.graph.values.get(n)!; return { name: n, dtype: D.DTYPE_NAME[onnx.ioDtypes[n] || v.dtype], shape: v.shape || [] }; });
  return { file, format: 'onnx', bytes: bytes.length, inputs: io2(onnx.graph.inputs), outputs: io2(onnx.graph.outputs), ops, parameters: params, parameterBytes: pbytes };
}

