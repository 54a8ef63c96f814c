// Mutators: structure-aware for ONNX (decoded protobuf: dims, attributes, names, indices,
// opsets, external data) and for .tnx (FlatBuffer fields located by the generated code), plus
// byte-level damage for both. All draw from one seeded generator, so a case is reproducible.
import * as flatbuffers from 'flatbuffers';
import { Model } from '../format/generated/tinyonnx/fb/model';

export type Rng = () => number;
export var pick = (r: Rng, a: any[]): any => a[Math.floor(r() * a.length)];
var int = (r: Rng, n: number) => Math.floor(r() * n);

// Values that break code: boundaries, huge, negative, special names.
var NUMS = [0, 1, -1, 2, 3, 7, 16, 255, 65535, 65536, 2147483647, -2147483648, 1e9, -1e9, 4294967295, 1 << 20];
var NAMES = ['', '__proto__', 'constructor', 'undefined', 'null', 'a\nb', "it's", 'x'.repeat(300), 'ü名前', 'toString'];
var OPS = ['Add', 'Relu', 'Conv', 'If', 'Loop', 'Scan', 'Range', 'ConstantOfShape', 'Reshape', 'Gather', 'Slice',
  'Concat', 'Transpose', 'MatMul', 'Softmax', 'Cast', 'Pad', 'Resize', 'TopK', 'Split', 'NoSuchOp', 'LSTM', 'Expand', 'Tile'];
// external data locations, relative to the case folder (see worker.ts fixtures)
var LOCATIONS = ['w.bin', 'link-out.bin', 'link-dir/secret.bin', '../outside/secret.bin', '/etc/passwd', 'fifo', 'zero', 'folder', '.', 'missing.bin', 'link-in.bin'];

function num(r: Rng): number { return r() < 0.7 ? pick(r, NUMS) : int(r, 64) - 8; }

function nodesOf(g: any, out: any[][] = []): any[][] {
  for (var n of g.node || []) {
    out.push([g, n]);
    for (var a of n.attribute || []) {
      if (a.g) nodesOf(a.g, out);
      for (var sg of a.graphs || []) nodesOf(sg, out);
    }
  }
  return out;
}

function valueNames(m: any): string[] {
  var names: string[] = [];
  for (var [g, n] of nodesOf(m.graph)) { void g; names.push(...(n.input || []), ...(n.output || [])); }
  for (var t of m.graph.initializer || []) names.push(t.name);
  return names.length ? names : ['x'];
}

// One structural change to a decoded ModelProto (protobufjs message, changed in place).
export function mutateOnnx(r: Rng, m: any): string {
  var nodes = nodesOf(m.graph), g = m.graph, k = int(r, 14);
  var entry = nodes.length ? pick(r, nodes) : null, n = entry && entry[1];
  var inits = g.initializer || [];
  switch (n || k >= 8 ? k : 8 + int(r, 6)) {
    case 0: n.opType = pick(r, OPS); return 'op_type';
    case 1: if (n.input && n.input.length) n.input[int(r, n.input.length)] = r() < 0.5 ? pick(r, NAMES) : pick(r, valueNames(m)); else n.input = ['']; return 'node input';
    case 2: if (r() < 0.5) n.input = (n.input || []).slice(0, int(r, 2)); else n.output = r() < 0.5 ? [] : [pick(r, valueNames(m))]; return 'node arity';
    case 3: n.name = pick(r, NAMES); n.domain = r() < 0.3 ? pick(r, ['__proto__', 'com.microsoft', 'ai.onnx.ml', 'x\ny']) : n.domain; return 'node name/domain';
    case 4: {
      var attrs = n.attribute || (n.attribute = []);
      if (!attrs.length || r() < 0.3) { attrs.push({ name: pick(r, ['axis', 'pads', 'strides', 'mode', '__proto__', 'to', 'value', 'body', 'then_branch']), type: 2, i: num(r) }); return 'attr added'; }
      var a: any = pick(r, attrs);
      if (a.ints && a.ints.length) a.ints[int(r, a.ints.length)] = num(r);
      else if (r() < 0.3) { a.type = pick(r, [0, 1, 2, 3, 4, 5, 7, 9, 10]); a.t = null; a.g = null; }
      else if (r() < 0.5) a.i = num(r); else if (r() < 0.5) a.s = Buffer.from(pick(r, NAMES.concat(['constant', 'reflect', 'cubic', 'nearest', 'bogus']))); else a.name = pick(r, NAMES);
      return 'attr value';
    }
    case 5: if (n.attribute) for (var a2 of n.attribute) if (a2.g) { a2.g = r() < 0.5 ? null : { node: [], output: [{ name: 'nothing' }] }; return 'subgraph'; } n.attribute = []; return 'attrs dropped';
    case 6: { var tmp = g.node; if (tmp && tmp.length > 1) { var i = int(r, tmp.length), j = int(r, tmp.length); var s = tmp[i]; tmp[i] = tmp[j]; tmp[j] = s; } return 'node order'; }
    case 7: g.node.splice(int(r, g.node.length), 1); return 'node removed';
    case 8: if (inits.length) { var t = pick(r, inits); t.dims = (t.dims || []).length && r() < 0.7 ? t.dims.map((d: any) => r() < 0.5 ? num(r) : d) : [num(r)]; } return 'init dims';
    case 9: if (inits.length) { var t2 = pick(r, inits); if (r() < 0.5) t2.dataType = pick(r, [0, 1, 2, 3, 6, 7, 8, 10, 11, 16, 17, 22, 99]); else if (t2.rawData && t2.rawData.length) t2.rawData = t2.rawData.slice(0, int(r, t2.rawData.length)); } return 'init data';
    case 10: if (inits.length) externalize(r, pick(r, inits)); return 'external data';
    case 11: { var io = pick(r, [g.input || [], g.output || []]); if (io.length) { var v = pick(r, io); if (r() < 0.3) v.name = pick(r, NAMES); else { var sh = v.type && v.type.tensorType && v.type.tensorType.shape; if (sh && sh.dim && sh.dim.length) sh.dim[int(r, sh.dim.length)] = r() < 0.5 ? { dimValue: num(r) } : { dimParam: pick(r, ['N', 'batch', '']) }; else if (v.type && v.type.tensorType) v.type.tensorType.elemType = pick(r, [0, 1, 7, 8, 10, 16, 22, 99]); } } return 'graph io'; }
    case 12: { var os = m.opsetImport || (m.opsetImport = []); if (!os.length || r() < 0.3) m.opsetImport = r() < 0.5 ? [] : [{ domain: pick(r, ['', '__proto__', 'ai.onnx']), version: num(r) }]; else pick(r, os).version = num(r); return 'opset'; }
    default: (g.output || (g.output = [])).push({ name: pick(r, NAMES.concat(['unwritten'])) }); return 'graph output';
  }
}

function externalize(r: Rng, t: any) {
  var kv: any[] = [{ key: 'location', value: pick(r, LOCATIONS) }];
  if (r() < 0.6) kv.push({ key: 'offset', value: String(pick(r, [0, 0, 4, 16, -8, -1, 1e12, 3])) });
  if (r() < 0.6) kv.push({ key: 'length', value: String(pick(r, [16, 64, 4, -4, 1e12, 0, 1 << 30])) });
  t.dataLocation = 1;
  t.externalData = kv;
  t.rawData = new Uint8Array(0);
  t.floatData = []; t.int32Data = []; t.int64Data = [];
}

// Byte-level damage: flips, truncation, insertion, deletion.
export function mutateBytes(r: Rng, b: Uint8Array): Uint8Array {
  var out = b.slice(), n = out.length;
  if (!n) return out;
  switch (int(r, 4)) {
    case 0: for (var i = 0, c = 1 + int(r, 8); i < c; i++) out[int(r, n)] = r() < 0.5 ? int(r, 256) : pick(r, [0, 0xff, 0x7f, 0x80]); return out;
    case 1: return out.slice(0, int(r, n));
    case 2: { var p = int(r, n), ins = new Uint8Array(1 + int(r, 16)).map(() => int(r, 256)); var o = new Uint8Array(n + ins.length); o.set(out.subarray(0, p)); o.set(ins, p); o.set(out.subarray(p), p + ins.length); return o; }
    default: { var q = int(r, n), len = Math.min(n - q, 1 + int(r, 16)); var d = new Uint8Array(n - len); d.set(out.subarray(0, q)); d.set(out.subarray(q + len), q); return d; }
  }
}

// One structural change to .tnx bytes: a field of a tensor, node, or the model, found through
// the generated FlatBuffers code and overwritten in place with an interesting value.
export function mutateTnx(r: Rng, bytes: Uint8Array): string {
  var bb = new flatbuffers.ByteBuffer(bytes), m = Model.getRootAsModel(bb), dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  var put = (pos: number, size: number, v: number) => { if (pos + size > bytes.length || pos < 0) return; if (size === 1) bytes[pos] = v & 255; else if (size === 2) dv.setUint16(pos, v & 0xffff, true); else dv.setUint32(pos, v >>> 0, true); };
  var field = (t: any, vt: number) => { var o = t.bb.__offset(t.bb_pos, vt); return o ? t.bb_pos + o : -1; };
  var vecElem = (t: any, vt: number) => { var o = t.bb.__offset(t.bb_pos, vt); if (!o) return -1; var len = t.bb.__vector_len(t.bb_pos + o); return len ? t.bb.__vector(t.bb_pos + o) + 4 * int(r, len) : -1; };
  var k = int(r, 8), nT = m.tensorsLength(), g = m.graph();
  var nodes: any[] = [];
  if (g) for (var i = 0; i < g.nodesLength(); i++) nodes.push(g.nodes(i));
  var t: any = nT ? m.tensors(int(r, nT)) : null, n: any = nodes.length ? pick(r, nodes) : null;
  if (k === 0 && t) { put(field(t, 6), 1, pick(r, [0, 7, 8, 9, 10, 13, 14, 27, 99, 255, 1, 3])); return 'tensor dtype'; }
  if (k === 1 && t) { put(vecElem(t, 8), 4, num(r)); return 'tensor dim'; }
  if (k === 2 && t) { put(field(t, 10), 1, pick(r, [0, 1, 2, 3, 255])); put(field(t, 12), 4, num(r)); return 'tensor kind/offset'; }
  if (k === 3 && t) { put(field(t, 12), 4, r() < 0.5 ? num(r) : int(r, 4096)); return 'tensor offset'; }
  if (k === 4 && n) { put(field(n, 4), 2, r() < 0.5 ? num(r) : int(r, 8)); return 'node op'; }
  if (k === 5 && n) { put(vecElem(n, r() < 0.5 ? 8 : 10), 4, r() < 0.5 ? num(r) : int(r, nT + 2) - 1); return 'node tensor index'; }
  if (k === 6) { put(field(m, 12), 4, num(r)); if (r() < 0.5) put(field(m, 22), 4, pick(r, [16, 1, 0, 65520, 7])); return 'arena'; }
  var p = int(r, Math.max(1, bytes.length - 4));
  put(p, 4, num(r));
  return 'word';
}
