// What a model.tnx is made of, read with the device reader (format/reader.ts):
//   weights   constant tensors' data, by element type (reduced-precision types are stored
//             widened, see format/dtype.ts, so their bytes are the stored bytes);
//   padding   alignment gaps in the constant-data section (every constant starts 16-aligned);
//   metadata  producer, source hash and key/value pairs, sized by FlatBuffers' encoding rules
//             (a string is a 4-byte length + UTF-8 + NUL, padded to 4; a key/value table with
//             its vtable and vector slot is about 16 bytes): an estimate, not a walk of the file;
//   graph     everything else: the tensor table (names, shapes, arena offsets), op table,
//             nodes, attributes, subgraphs and the FlatBuffers framing.
import { readModel, GraphView, ModelView } from '../device/reader';
import { bytesPer, DTYPE_NAME, sizeOf } from '../device/dtype';

export interface DtypeWeights { dtype: string; tensors: number; elements: number; bytes: number }
export interface ModelComposition {
  bytes: number;                 // model.tnx
  formatVersion: number;
  weights: { bytes: number; tensors: number; elements: number; byDtype: DtypeWeights[] };
  padding: number;
  metadata: { bytes: number; entries: number; producer: string; sourceSha256: string };
  graph: {
    bytes: number;
    nodes: number;               // including subgraph nodes
    subgraphs: number;
    nameBytes: number;           // UTF-8 bytes of tensor and node names
    fusedActivations: number;    // nodes carrying a fused activation (converter/passes/fuseActivation.ts)
    attributes: number;
    tensors: { activations: number; constants: number; empty: number };
    ops: { op: string; nodes: number }[];   // by node count, then name
  };
  arenaSize: number;             // as recorded in the file
  inputs: { name: string; dtype: string; shape: number[] }[];
  outputs: { name: string; dtype: string; shape: number[] }[];
}

var utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
var fbString = (s: string) => Math.ceil((4 + utf8(s) + 1) / 4) * 4;

// view: the build's parsed view of tnx when it has one (read once per build, api/build.ts).
export function modelComposition(tnx: Uint8Array, view?: ModelView): ModelComposition {
  var m: ModelView = view || readModel(tnx);
  var byDtype = new Map<number, DtypeWeights>();
  var wBytes = 0, wTensors = 0, wElements = 0, counts = { activations: 0, constants: 0, empty: 0 };
  for (var t of m.tensors) {
    if (t.kind === 0) counts.activations++;
    else if (t.kind === 2) counts.empty++;
    if (t.kind !== 1) continue;
    counts.constants++;
    var n = sizeOf(t.shape), b = n * bytesPer(t.dtype);
    var d = byDtype.get(t.dtype);
    if (!d) byDtype.set(t.dtype, d = { dtype: DTYPE_NAME[t.dtype] || String(t.dtype), tensors: 0, elements: 0, bytes: 0 });
    d.tensors++; d.elements += n; d.bytes += b;
    wBytes += b; wTensors++; wElements += n;
  }
  var ops = new Map<string, number>(), nodes = 0, subgraphs = 0, attributes = 0, nameBytes = 0, fusedActivations = 0;
  for (var t of m.tensors) nameBytes += utf8(t.name);
  var walk = (g: GraphView) => {
    for (var node of g.nodes) {
      nodes++;
      nameBytes += utf8(node.name);
      var o = m.ops[node.op], key = o ? (o.domain ? o.domain + ':' : '') + o.op : '?';
      ops.set(key, (ops.get(key) || 0) + 1);
      attributes += Object.keys(node.attrs).length + Object.keys(node.graphs).length;
      if (node.attrs.activation !== undefined) fusedActivations++;
      for (var s in node.graphs) {
        var gs = node.graphs[s];
        for (var sg of gs instanceof Array ? gs : [gs]) { subgraphs++; walk(sg); }
      }
    }
  };
  walk(m.graph);
  var metaBytes = fbString(m.producer) + fbString(m.sourceSha256), entries = 0;
  for (var k in m.metadata) { entries++; metaBytes += 16 + fbString(k) + fbString(m.metadata[k]); }
  var io = (idx: number[]) => idx.map(i => ({ name: m.tensors[i].name, dtype: DTYPE_NAME[m.tensors[i].dtype] || String(m.tensors[i].dtype), shape: m.tensors[i].shape.slice() }));
  var padding = m.dataLength - wBytes;
  return {
    bytes: tnx.length,
    formatVersion: m.formatVersion,
    weights: {
      bytes: wBytes, tensors: wTensors, elements: wElements,
      byDtype: Array.from(byDtype.values()).sort((a, b) => b.bytes - a.bytes || (a.dtype < b.dtype ? -1 : 1)),
    },
    padding,
    metadata: { bytes: metaBytes, entries, producer: m.producer, sourceSha256: m.sourceSha256 },
    graph: {
      bytes: tnx.length - m.dataLength - metaBytes,
      nodes, subgraphs, nameBytes, fusedActivations, attributes, tensors: counts,
      ops: Array.from(ops.entries()).map(([op, n]) => ({ op, nodes: n })).sort((a, b) => b.nodes - a.nodes || (a.op < b.op ? -1 : 1)),
    },
    arenaSize: m.arenaSize,
    inputs: io(m.graph.inputs),
    outputs: io(m.graph.outputs),
  };
}
