// IR → the format's model description: the tensor table, op table, nodes and the arena plan.
import { Graph, Model, Node, Value } from './ir';
import { planArena, ArenaPlan, Buffer } from './planArena';
import { WAttr, WGraph, WModel, WNode, WTensor } from '../format/write';
import { opsetFor } from './graph/kernels';
import { userError } from '../base/errors';
import { quantOf } from './int8/quantize/annotate';
import * as D from '../device/dtype';
import * as crypto from 'crypto';
import { StatePairs, STATE_KEY, planStatePairs } from './state';

export interface Emitted { model: WModel; plan: ArenaPlan }

var VIEW_OPS: Record<string, true> = { Reshape: true, Flatten: true, Squeeze: true, Unsqueeze: true, Identity: true };

function bytesOf(v: Value): number {
  return D.sizeOf(v.shape as number[]) * D.bytesPer(v.dtype);
}

// maxView: the most bytes the target engine views of one ArrayBuffer (Espruino: 65535). An arena
// bigger than that is planned in banks (Model.arena_bank) when every tensor fits in one.
// state: output → input pairs the runtime carries between runs (converter/state.ts).
export function emitModel(model: Model, opts: { maxView?: number; state?: StatePairs } = {}): Emitted {
  var tensors: WTensor[] = [];
  var index = new Map<string, number>();     // value name → tensor index (names are unique per model)
  var ops: WModel['ops'] = [];
  var opIndex = new Map<string, number>();
  var buffers = new Map<string, Buffer>();
  var step = 0;

  function scopeLookup(scopes: Graph[], name: string): Value {
    for (var i = scopes.length - 1; i >= 0; i--) { var v = scopes[i].values.get(name); if (v) return v; }
    return userError(`${model.file}: value '${name}' has no type after inference`);
  }
  // Identical constants are stored once: a second constant with the same type, shape, bytes
  // (and quantization) is the first one's tensor. Quantized models repeat small constants (the
  // zero point -128 of every Relu output, a Sigmoid's fixed scale); any model may repeat axes.
  var ioNames = new Set([...model.graph.inputs, ...model.graph.outputs]);
  var byContent = new Map<string, number>();   // SHA-256 of the bytes, with dtype, shape, quant
  function contentKey(v: Value): string | null {
    if (!v.data || D.isString(v.dtype)) return null;
    var d = v.data, bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    var hash = crypto.createHash('sha256').update(bytes).digest('hex');
    return `${v.dtype}|${v.shape}|${JSON.stringify(quantOf(v) || null)}|${hash}`;
  }
  function tensorOf(scopes: Graph[], name: string): number {
    if (index.has(name)) return index.get(name)!;
    var v = scopeLookup(scopes, name);
    // (a graph output keeps its own tensor: session.run returns it by name)
    var ck = ioNames.has(name) ? null : contentKey(v);
    if (ck && byContent.has(ck)) { index.set(name, byContent.get(ck)!); return byContent.get(ck)!; }
    if (ck) byContent.set(ck, tensors.length);
    var n = D.sizeOf(v.shape as number[]);
    var t: WTensor = v.data ? { name, dtype: v.dtype, shape: v.shape as number[], kind: 1, data: v.data } :
      // Empty: zero-size tensors, and string tensors (a JS Array the runtime allocates at load; 0 arena bytes).
      n === 0 || D.isString(v.dtype) ? { name, dtype: v.dtype, shape: v.shape as number[], kind: 2 } :
      { name, dtype: v.dtype, shape: v.shape as number[], kind: 0, offset: 0 };
    if (quantOf(v)) t.quant = quantOf(v);    // int8 tensors: scale, zero point, axis
    index.set(name, tensors.length);
    tensors.push(t);
    return tensors.length - 1;
  }
  function touch(scopes: Graph[], name: string, at: number) {
    var i = tensorOf(scopes, name);
    if (tensors[i].kind !== 0) return;
    var b = buffers.get(name);
    if (!b) buffers.set(name, { name, bytes: bytesOf(scopeLookup(scopes, name)), first: at, last: at });
    else { b.first = Math.min(b.first, at); b.last = Math.max(b.last, at); }
  }
  function opOf(node: Node): number {
    var opset = opsetFor(model, node);
    var key = `${node.domain}:${node.op}:${opset}`;
    if (!opIndex.has(key)) { opIndex.set(key, ops.length); ops.push({ domain: node.domain, op: node.op, opset }); }
    return opIndex.get(key)!;
  }
  // Tensors inside subgraphs live while their node runs: they all take the node's step.
  function emitGraph(g: Graph, scopes: Graph[], outerStep: number | null): WGraph {
    scopes = scopes.concat([g]);
    var at = () => (outerStep === null ? step : outerStep);
    var inputs = g.inputs.map(n => { touch(scopes, n, outerStep === null ? -1 : outerStep); return tensorOf(scopes, n); });
    var nodes: WNode[] = g.nodes.map(node => {
      var attrs: Record<string, WAttr> = {};
      for (var k in node.attrs) {
        var a = node.attrs[k];
        if (a.type === 'tensor') {
          var tname = `${node.name}:${k}`;
          index.set(tname, tensors.length);
          tensors.push({ name: tname, dtype: a.value.dtype, shape: a.value.shape, kind: 1, data: a.value.data });
          attrs[k] = { type: 'tensor', value: index.get(tname)! };
        } else if (a.type === 'graph') attrs[k] = { type: 'graph', value: emitGraph(a.value, scopes, at()) };
        else if (a.type === 'graphs' || a.type === 'tensors') userError(`${model.file}: node '${node.name}': attribute '${k}' of type ${a.type} is not supported`);
        else attrs[k] = a as WAttr;
      }
      var w: WNode = {
        op: opOf(node), name: node.name,
        inputs: node.inputs.map(n => { if (!n) return -1; touch(scopes, n, at()); return tensorOf(scopes, n); }),
        outputs: node.outputs.map(n => { if (!n) return -1; touch(scopes, n, at()); return tensorOf(scopes, n); }),
        attrs,
      };
      if (outerStep === null) step++;
      return w;
    });
    var outputs = g.outputs.map(n => { touch(scopes, n, outerStep === null ? Infinity : outerStep); return tensorOf(scopes, n); });
    return { nodes, inputs, outputs };
  }

  var graph = emitGraph(model.graph, [], null);
  var placed = placeActivations(model, buffers, tensors, step, opts.maxView, opts.state);
  // Activations keep their names only where someone uses them: the graph's inputs and outputs
  // (session.run takes and returns them by name). Inside the graph a tensor is an index; its
  // name would cost flash (a string per tensor) and RAM (readModel decodes every name into a JS
  // string at load) on the device. Nodes and constants keep their names (error messages, the
  // size report, inspect); inspect shows an unnamed tensor by the node that writes it.
  for (var t of tensors) if (t.kind === 0 && !ioNames.has(t.name)) t.name = '';
  var metadata = ioDtypeMetadata(model, tensors, index, opts.state);
  var plan = placed.plan, bank = placed.bank;
  return {
    model: { ops, tensors, graph, arenaSize: plan.arenaBytes, arenaBank: bank, producer: model.producer, sourceSha256: model.sourceSha256, metadata },
    plan,
  };
}

// The arena: shape-only ops write nothing new, so their output shares the input's slot (one
// buffer living as long as either; the kernel's copy becomes a no-op); then every buffer gets an
// offset, in banks of at most maxView bytes when the engine cannot view a bigger ArrayBuffer.
function placeActivations(model: Model, buffers: Map<string, Buffer>, tensors: WTensor[], steps: number, maxView?: number, state?: StatePairs) {
  var root = new Map<string, string>();
  var rootOf = (n: string): string => { var r = root.get(n); return r === undefined ? n : (r === n ? n : rootOf(r)); };
  for (var node of model.graph.nodes) {
    if (node.domain !== '' || !VIEW_OPS[node.op]) continue;
    var from = node.inputs[0], to = node.outputs[0];
    if (!from || !buffers.has(from) || !buffers.has(to)) continue;
    root.set(to, rootOf(from));
  }
  var merged = new Map<string, Buffer>();
  for (var b of buffers.values()) {
    var r = rootOf(b.name), m = merged.get(r);
    if (!m) merged.set(r, { name: r, bytes: b.bytes, first: b.first, last: b.last });
    else { m.first = Math.min(m.first, b.first); m.last = Math.max(m.last, b.last); m.bytes = Math.max(m.bytes, b.bytes); }
  }
  if (state) planStatePairs(state, merged, rootOf, (from, to) => root.set(from, to));
  var list = Array.from(merged.values()).map(b => ({ ...b, last: b.last === Infinity ? steps : b.last }));
  var bank = 0, plan = planArena(list);
  if (maxView && plan.arenaBytes > maxView) {
    var most = Math.floor(maxView / 16) * 16;
    if (list.every(b => Math.ceil(b.bytes / 16) * 16 <= most)) { bank = most; plan = planArena(list, bank); }
  }
  for (var t of tensors) if (t.kind === 0) t.offset = plan.offsets.get(rootOf(t.name))!;
  return { plan, bank };
}

// The element type the ONNX file declares for an input/output, where the tensor table says
// another (int64 carried as int32...); when they agree the tensor table says it already.
// The state pairs the runtime carries (--state), under their own keys.
function ioDtypeMetadata(model: Model, tensors: WTensor[], index: Map<string, number>, state?: StatePairs): Record<string, string> {
  var metadata: Record<string, string> = {};
  for (var name of [...model.graph.inputs, ...model.graph.outputs])
    if (model.ioDtypes[name] !== undefined && model.ioDtypes[name] !== tensors[index.get(name)!].dtype) metadata[`onnx_dtype:${name}`] = D.DTYPE_NAME[model.ioDtypes[name]] || String(model.ioDtypes[name]);
  for (var out in state || {}) metadata[STATE_KEY + out] = state![out];
  return metadata;
}
