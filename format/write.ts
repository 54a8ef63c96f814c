// Host-side writer for the .tnx format (format/tinyonnx.fbs, docs/format.md).
// Output is deterministic: the same WModel always gives byte-identical bytes.
import * as flatbuffers from 'flatbuffers';
import { TypedArray, ARRAY_OF, DTYPE_NAME, sizeOf, isString } from '../device/dtype';
import { Model } from './generated/tinyonnx/fb/model';
import { OpCode } from './generated/tinyonnx/fb/op-code';
import { Tensor } from './generated/tinyonnx/fb/tensor';
import { Quantization } from './generated/tinyonnx/fb/quantization';
import { Graph } from './generated/tinyonnx/fb/graph';
import { Node } from './generated/tinyonnx/fb/node';
import { Attribute } from './generated/tinyonnx/fb/attribute';
import { KeyValue } from './generated/tinyonnx/fb/key-value';
import { AttrType } from './generated/tinyonnx/fb/attr-type';

export var FORMAT_VERSION = 1;
/** Alignment, from the start of the file, of every constant tensor's first byte. */
export var DATA_ALIGN = 16;

export interface WQuant { scale: number[]; zeroPoint: number[]; axis: number }
export interface WTensor {
  name: string; dtype: number; shape: number[]; kind: 0 | 1 | 2;
  offset?: number; /* arena offset for kind 0 */
  data?: TypedArray; /* for kind 1; a string[] for dtype 8 (string), written to Tensor.strings */
  quant?: WQuant | null;
}
export type WAttrType = 'float' | 'int' | 'string' | 'tensor' | 'graph' | 'floats' | 'ints' | 'strings' | 'graphs';
export interface WAttr { type: WAttrType; value: any } // tensor: value = tensor index; graph: value = WGraph; graphs: WGraph[]
export interface WNode { op: number; name: string; inputs: number[]; outputs: number[]; attrs: Record<string, WAttr> }
export interface WGraph { nodes: WNode[]; inputs: number[]; outputs: number[] }
export interface WModel {
  ops: { domain: string; op: string; opset: number }[];
  tensors: WTensor[];
  graph: WGraph;
  arenaSize: number;
  arenaBank?: number;   /* > 0: the arena is split in buffers of this many bytes (tinyonnx.fbs) */
  producer: string;
  sourceSha256: string;
  metadata: Record<string, string>;
}

var ATTR_TYPE: Record<WAttrType, AttrType> = {
  float: AttrType.Float, int: AttrType.Int, string: AttrType.String, tensor: AttrType.Tensor,
  graph: AttrType.Graph, floats: AttrType.Floats, ints: AttrType.Ints, strings: AttrType.Strings,
  graphs: AttrType.Graphs,
};

var LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function byName(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

function checkInt(v: number, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || v !== Math.floor(v) || v < min || v > max)
    throw new Error(what + ' must be an integer in [' + min + ', ' + max + '], got ' + v);
  return v;
}
var I32 = [-2147483648, 2147483647], U32 = [0, 4294967295];

/** Little-endian bytes of a constant, with the element type the tensor's dtype says. */
function constantBytes(t: WTensor, i: number): Uint8Array {
  var where = 'tensor ' + i + " '" + t.name + "'";
  var Ctor = ARRAY_OF[t.dtype];
  if (!Ctor) throw new Error(where + ': dtype ' + (DTYPE_NAME[t.dtype] || t.dtype) + ' cannot be stored as a constant');
  if (!t.data) throw new Error(where + ': a Constant tensor needs data');
  var n = sizeOf(t.shape);
  if (t.data.length !== n) throw new Error(where + ': data has ' + t.data.length + ' elements, shape [' + t.shape + '] needs ' + n);
  // Same element size and signedness by construction; converts e.g. Float64Array data of a float32 tensor.
  var a: TypedArray = t.data instanceof (Ctor as any) ? t.data : new Ctor(n);
  if (a !== t.data) (a as any).set(t.data);
  var bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return bytes;
  var out = new Uint8Array(bytes.length), s = a.BYTES_PER_ELEMENT;
  for (var k = 0; k < bytes.length; k += s) for (var j = 0; j < s; j++) out[k + j] = bytes[k + s - 1 - j];
  return out;
}

export function writeModel(m: WModel): Uint8Array {
  var shared = build(m, true);
  // The reader's work budget (bytes of vectors and strings it decodes <= file size) holds for
  // any file without shared strings; with them a string is decoded once per reference. Real
  // models stay far below (their constants alone outweigh the names); should one not, it is
  // written again without sharing.
  return shared.work <= shared.bytes.length ? shared.bytes : build(m, false).bytes;
}

var utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

function build(m: WModel, share: boolean): { bytes: Uint8Array; work: number } {
  var w = new TnxBuilder(m, share);
  var dataVec = w.constantData();         // built first, so it sits at the end of the file
  var tensorOffs: number[] = [];
  for (var i = 0; i < m.tensors.length; i++) tensorOffs.push(w.tensor(i));
  var mainGraph = w.graph(m.graph, 'graph');
  var opOffs = m.ops.map((o, i) => w.opCode(o, i));
  var metaOffs = Object.keys(m.metadata).sort(byName).map(k => w.keyValue(k, String(m.metadata[k])));
  return { bytes: w.finish(dataVec, mainGraph, opOffs, tensorOffs, metaOffs), work: w.work };
}

// One model's FlatBuffer, child tables before their parents (FlatBuffers cannot nest table
// construction). Identical strings (attribute names, op names and domains, repeated string
// values) and identical int/float vectors are written once and referenced from every place that
// uses them, when `share`; an empty string field is always left out (it reads as its default
// ''). Deterministic: the first use writes it. `work` adds up what readModel will decode: every
// vector body and every string reference.
class TnxBuilder {
  b = new flatbuffers.Builder(1024);
  work = 0;
  private strings = new Map<string, number>();
  private vectors = new Map<string, number>();
  private constOffset: number[] = [];
  constructor(private m: WModel, private share: boolean) {}

  str(s: string): number {
    this.work += utf8Length(s);
    if (!this.share) return this.b.createString(s);
    if (!this.strings.has(s)) this.strings.set(s, this.b.createString(s));
    return this.strings.get(s)!;
  }
  strField(s: string): number { return s === '' ? 0 : this.str(s); }
  private sharedVec(key: string, n: number, write: () => number): number {
    this.work += 4 * n;
    if (!this.share) return write();
    if (!this.vectors.has(key)) this.vectors.set(key, write());
    return this.vectors.get(key)!;
  }
  intVec(v: number[], what: string): number {
    for (var k = 0; k < v.length; k++) checkInt(v[k], what, I32[0], I32[1]);
    var b = this.b;
    return this.sharedVec('i' + v.join(), v.length, () => {
      b.startVector(4, v.length, 4);
      for (var k = v.length - 1; k >= 0; k--) b.addInt32(v[k]);
      return b.endVector();
    });
  }
  floatVec(v: number[]): number {
    var f = v.map(Math.fround), b = this.b;   // the bits written: -0 and NaN keyed apart from 0
    return this.sharedVec('f' + f.map(x => (Object.is(x, -0) ? '-0' : String(x))).join(), v.length, () => {
      b.startVector(4, v.length, 4);
      for (var k = v.length - 1; k >= 0; k--) b.addFloat32(v[k]);
      return b.endVector();
    });
  }
  offVec(v: number[]): number {
    this.work += 4 * v.length;
    this.b.startVector(4, v.length, 4);
    for (var k = v.length - 1; k >= 0; k--) this.b.addOffset(v[k]);
    return this.b.endVector();
  }
  tensorRef(v: number, what: string): number { return checkInt(v, what, -1, this.m.tensors.length - 1); }

  // Constant data: one blob, each tensor at a 16-aligned offset, in tensor order. prep(16, n)
  // pads so that the vector body ends up 16-aligned (finish() then pads the whole buffer to a
  // multiple of 16, making offsets from the end and from the start agree); createByteVector's
  // own prep(4) adds nothing more.
  constantData(): number {
    var m = this.m, chunks: Uint8Array[] = [], size = 0;
    for (var i = 0; i < m.tensors.length; i++) {
      var t = m.tensors[i];
      if (t.kind !== 1 || isString(t.dtype)) continue;
      var bytes = constantBytes(t, i);
      size = Math.ceil(size / DATA_ALIGN) * DATA_ALIGN;
      this.constOffset[i] = size;
      chunks[i] = bytes;
      size += bytes.length;
    }
    checkInt(size, 'total constant data size', 0, U32[1]);
    if (size === 0) return 0;
    var data = new Uint8Array(size);
    for (var i = 0; i < m.tensors.length; i++) if (chunks[i]) data.set(chunks[i], this.constOffset[i]);
    this.b.prep(DATA_ALIGN, size);
    return this.b.createByteVector(data);
  }

  tensor(i: number): number {
    var b = this.b, t = this.m.tensors[i], where = 'tensor ' + i + " '" + t.name + "'";
    var name = this.strField(t.name);
    // an empty vector (a scalar's shape) is left out: it reads as [] all the same
    var shape = t.shape.length ? this.intVec(t.shape, where + ' shape') : 0;
    var strs = 0;
    if (t.kind === 1 && isString(t.dtype)) {
      var sdata = t.data as any as string[] | undefined;
      if (!sdata || sdata.length !== sizeOf(t.shape))
        throw new Error(where + ': a string constant needs ' + sizeOf(t.shape) + ' strings, got ' + (sdata ? sdata.length : 'none'));
      strs = this.offVec(sdata.map((x) => this.str(String(x))));
    }
    var quant = t.quant ? this.quantization(t.quant, where) : 0;
    if (t.kind !== 0 && t.kind !== 1 && t.kind !== 2) throw new Error(where + ': bad kind ' + t.kind);
    var offset = t.kind === 1 ? this.constOffset[i] || 0 : t.kind === 0 ? checkInt(t.offset || 0, where + ' arena offset', 0, U32[1]) : 0;
    Tensor.startTensor(b);
    if (name) Tensor.addName(b, name);
    Tensor.addDtype(b, checkInt(t.dtype, where + ' dtype', 0, 255));
    if (shape) Tensor.addShape(b, shape);
    Tensor.addKind(b, t.kind);
    Tensor.addOffset(b, offset);
    if (quant) Tensor.addQuant(b, quant);
    if (strs) Tensor.addStrings(b, strs);
    return Tensor.endTensor(b);
  }

  private quantization(q: WQuant, where: string): number {
    var b = this.b;
    var scale = this.floatVec(q.scale);
    var zp = this.intVec(q.zeroPoint, where + ' zero point');
    Quantization.startQuantization(b);
    Quantization.addScale(b, scale);
    Quantization.addZeroPoint(b, zp);
    Quantization.addAxis(b, checkInt(q.axis, where + ' quant axis', -1, I32[1]));
    return Quantization.endQuantization(b);
  }

  private attribute(key: string, a: WAttr, aw: string): number {
    var b = this.b, ty = ATTR_TYPE[a.type];
    if (ty === undefined) throw new Error(aw + ': unknown attribute type ' + a.type);
    var v = a.value, s = 0, vec = 0, graphs = 0;
    if (a.type === 'string') s = this.strField(String(v));
    else if (a.type === 'floats') vec = this.floatVec(v);
    else if (a.type === 'ints') vec = this.intVec(v, aw);
    else if (a.type === 'strings') vec = this.offVec((v as string[]).map((x) => this.str(x)));
    else if (a.type === 'graph') graphs = this.offVec([this.graph(v, aw)]);
    else if (a.type === 'graphs') graphs = this.offVec((v as WGraph[]).map((x, k) => this.graph(x, aw + '[' + k + ']')));
    var nameOff = this.strField(key);
    Attribute.startAttribute(b);
    if (nameOff) Attribute.addName(b, nameOff);
    Attribute.addType(b, ty);
    if (a.type === 'float') Attribute.addF(b, v);
    else if (a.type === 'int') Attribute.addI(b, checkInt(v, aw, I32[0], I32[1]));
    else if (a.type === 'string') { if (s) Attribute.addS(b, s); }
    else if (a.type === 'floats') Attribute.addFloats(b, vec);
    else if (a.type === 'ints') Attribute.addInts(b, vec);
    else if (a.type === 'strings') Attribute.addStrings(b, vec);
    else if (a.type === 'tensor') Attribute.addTensor(b, this.tensorRef(v, aw));
    else Attribute.addGraphs(b, graphs);
    return Attribute.endAttribute(b);
  }

  private node(n: WNode, nw: string): number {
    var b = this.b, keys = Object.keys(n.attrs).sort(byName), attrOffs: number[] = [];
    for (var ki = 0; ki < keys.length; ki++) attrOffs.push(this.attribute(keys[ki], n.attrs[keys[ki]], nw + ' attribute ' + keys[ki]));
    var attrs = attrOffs.length ? this.offVec(attrOffs) : 0;
    var nodeName = this.strField(n.name);
    var ins = this.intVec(n.inputs.map((x) => this.tensorRef(x, nw + ' input')), nw + ' input');
    var outs = this.intVec(n.outputs.map((x) => this.tensorRef(x, nw + ' output')), nw + ' output');
    Node.startNode(b);
    Node.addOp(b, checkInt(n.op, nw + ' op', 0, Math.min(65535, this.m.ops.length - 1)));
    if (nodeName) Node.addName(b, nodeName);
    Node.addInputs(b, ins);
    Node.addOutputs(b, outs);
    if (attrs) Node.addAttributes(b, attrs);
    return Node.endNode(b);
  }

  graph(g: WGraph, where: string): number {
    var b = this.b, nodeOffs: number[] = [];
    for (var ni = 0; ni < g.nodes.length; ni++) nodeOffs.push(this.node(g.nodes[ni], where + ' node ' + ni + " '" + g.nodes[ni].name + "'"));
    var nodes = this.offVec(nodeOffs);
    var gIn = this.intVec(g.inputs.map((x) => this.tensorRef(x, where + ' input')), '');
    var gOut = this.intVec(g.outputs.map((x) => this.tensorRef(x, where + ' output')), '');
    Graph.startGraph(b);
    Graph.addNodes(b, nodes);
    Graph.addInputs(b, gIn);
    Graph.addOutputs(b, gOut);
    return Graph.endGraph(b);
  }

  opCode(o: WModel['ops'][number], i: number): number {
    var b = this.b, domain = this.strField(o.domain), op = this.strField(o.op);
    OpCode.startOpCode(b);
    if (domain) OpCode.addDomain(b, domain);
    if (op) OpCode.addOp(b, op);
    OpCode.addOpset(b, checkInt(o.opset, 'op ' + i + ' opset', I32[0], I32[1]));
    return OpCode.endOpCode(b);
  }

  keyValue(k: string, value: string): number {
    var b = this.b, key = this.str(k), val = this.str(value);   // always written: keys and values of a map
    KeyValue.startKeyValue(b);
    KeyValue.addKey(b, key);
    KeyValue.addValue(b, val);
    return KeyValue.endKeyValue(b);
  }

  // Copies out of the builder's (larger) buffer, so the result starts at offset 0 of its own
  // ArrayBuffer: then dataOffset-relative typed-array views are aligned as promised.
  finish(dataVec: number, mainGraph: number, opOffs: number[], tensorOffs: number[], metaOffs: number[]): Uint8Array {
    var b = this.b, m = this.m;
    var ops = this.offVec(opOffs), tensors = this.offVec(tensorOffs), metadata = this.offVec(metaOffs);
    var producer = this.strField(m.producer), sha = this.strField(m.sourceSha256);
    Model.startModel(b);
    Model.addFormatVersion(b, FORMAT_VERSION);
    Model.addOps(b, ops);
    Model.addTensors(b, tensors);
    Model.addGraph(b, mainGraph);
    Model.addArenaSize(b, checkInt(m.arenaSize, 'arena size', 0, U32[1]));
    if (m.arenaBank) Model.addArenaBank(b, checkInt(m.arenaBank, 'arena bank', 16, U32[1]));
    if (dataVec) Model.addData(b, dataVec);
    if (producer) Model.addProducer(b, producer);
    if (sha) Model.addSourceSha256(b, sha);
    Model.addMetadata(b, metadata);
    Model.finishModelBuffer(b, Model.endModel(b));
    return b.asUint8Array().slice();
  }
}
