// Device-side reader for .tnx files (format/tinyonnx.fbs, docs/format.md). Hand-written ES5:
// ships in every bundle, so it is small, and it never trusts the bytes: every offset it follows
// is bounds-checked, and a work budget (bytes of vectors and strings walked <= file size) plus a
// subgraph depth limit make it finish quickly on any input, throwing a one-line Error.

import { ARRAY_OF, bytesPer, sizeOf } from './dtype';

export interface QuantView { scale: number[]; zeroPoint: number[]; axis: number }
export interface TensorView { name: string; dtype: number; shape: number[]; kind: number; offset: number; quant: QuantView | null; strings: string[] }
export interface NodeView { op: number; name: string; inputs: number[]; outputs: number[]; attrs: { [name: string]: any }; graphs: { [name: string]: GraphView | GraphView[] } }
export interface GraphView { nodes: NodeView[]; inputs: number[]; outputs: number[] }
export interface ModelView {
  formatVersion: number; ops: { domain: string; op: string; opset: number }[]; tensors: TensorView[]; graph: GraphView;
  arenaSize: number; arenaBank: number /* 0: one buffer */; dataOffset: number /* byte offset of Model.data's first byte within the file */; dataLength: number;
  producer: string; sourceSha256: string; metadata: { [key: string]: string };
}

// Newest Model.format_version this reader understands: 1. Subgraphs (If/Loop/Scan bodies) may
// nest at most 16 deep. Both are literals below (this file must stay tiny).

// The file identifier at bytes 4..8: 'TNX1', else this is not a tinyonnx file at all.
function checkIdentifier(bytes: Uint8Array) {
  var n = bytes.length, not = 'not a tinyonnx model (', id = '', c: number, i: number;
  if (n < 8) throw new Error(not + 'too short: ' + n + ' bytes)');
  for (i = 4; i < 8; i++) id += String.fromCharCode((c = bytes[i]) > 31 && c < 127 ? c : 63);
  if (id != 'TNX1') throw new Error(not + "file identifier is '" + id + "', expected 'TNX1')");
}

// `bytes` is the whole file, or (size given) its first bytes up to at least the constant data:
// an engine that maps each constant on its own (Espruino) passes the head and the file size.
export function readModel(bytes: Uint8Array, size?: number): ModelView {
  checkIdentifier(bytes);
  var n = bytes.length, budget = n, depth = 0, N = size || n, chr = String.fromCharCode;
  function fail(m: string): never { throw new Error(m); }
  function bad(m: string): never { fail('corrupt model: ' + m); }
  var dv = new DataView(bytes.buffer, bytes.byteOffset, n);

  // p..p+s (s >= 0) must lie inside the file; returns p
  function at(p: number, s: number): number {
    if (!(p >= 0 && p + s <= n)) bad('bad offset ' + p);
    return p;
  }
  // the s-byte body of a vector or string at p+4; also spends s from the work budget, which a
  // file from format/write.ts never exhausts (it shares strings and vectors only within it)
  function body(p: number, s: number): number {
    if ((budget -= s) < 0) bad('too big');
    return at(p + 4, s);
  }
  // Scalar and string readers take a position; position 0 (never a field's) means "field
  // absent" and gives the default: 0, '' or d.
  function i32(p: number, d?: number) { return p ? dv.getInt32(at(p, 4), true) : d || 0; }
  function u32(p: number) { return i32(p) >>> 0; }
  function u16(p: number) { return p ? dv.getUint16(at(p, 2), true) : 0; }
  function u8(p: number) { return p ? bytes[at(p, 1)] : 0; }
  function f32(p: number) { return p ? dv.getFloat32(at(p, 4), true) : 0; }
  function ref(p: number) { return p + u32(p); }
  // position of field `id` of the table at t, or 0 when absent
  function fld(t: number, id: number) {
    var vt = t - i32(t), o = 4 + 2 * id;
    return o < u16(vt) && (o = u16(vt + o)) ? t + o : 0;
  }
  // Every vector the reader walks has 4-byte elements; rd gets each element's position
  // (for tables and strings: the position of the offset to it).
  function vec<T>(t: number, id: number, rd: (p: number) => T): T[] {
    var f = fld(t, id), r: T[] = [], l: number, k: number;
    if (f) for (l = u32(f = ref(f)) * 4, k = body(f, l), l += k; k < l; k += 4) r.push(rd(k));
    return r;
  }
  function str(p: number) {
    if (!p) return '';
    var l = u32(p = ref(p)), j = body(p, l), e = j + l, r = '', x: number, k: number;
    // UTF-8 (valid input decodes exactly; malformed input gives some characters, never an error)
    while (j < e) {
      x = bytes[j++];
      if (x > 127) for (k = x > 239 ? 3 : x > 223 ? 2 : 1, x &= 63 >> k; k--;) x = x << 6 | bytes[j++] & 63;
      if (x > 65535) {
        x -= 65536;
        r += chr(55296 + (x >> 10));
        x = 56320 + (x & 1023);
      }
      r += chr(x);
    }
    return r;
  }

  var root = dv.getUint32(0, true), version = u32(fld(root, 0));
  if (version > 1) fail('model format version ' + version + ' is newer than this runtime supports (1); rebuild the runtime');
  if (version < 1) bad('format version 0');
  var dataOffset = 0, dataLength = 0, d = fld(root, 5);
  if (d) {
    dataLength = u32(d = ref(d));
    if (!(N >= n && d + 4 + dataLength <= N)) bad('bad offset ' + d);
    dataOffset = d + 4;
  }

  function quant(p: number): QuantView | null {
    if (!p) return null;
    p = ref(p);
    return { scale: vec(p, 0, f32), zeroPoint: vec(p, 1, i32), axis: i32(fld(p, 2), -1) };
  }
  function tensor(p: number): TensorView {
    p = ref(p);
    var t: TensorView = {
      name: str(fld(p, 0)), dtype: u8(fld(p, 1)), shape: vec(p, 2, i32),
      kind: u8(fld(p, 3)), offset: u32(fld(p, 4)), quant: quant(fld(p, 5)), strings: vec(p, 6, str)
    }, C = ARRAY_OF[t.dtype], m = sizeOf(t.shape), z = m * bytesPer(t.dtype);
    // a string constant (no ARRAY_OF storage) has its m elements in Tensor.strings, others none
    if (t.kind == 1 && !(z >= 0 && t.offset + z <= dataLength && t.strings.length == (C ? 0 : m))) bad("constant '" + t.name + "' out of range");
    return t;
  }
  function graph(p: number): GraphView {
    if (!p) bad('no graph');
    if (++depth > 16) bad('too deep');
    p = ref(p);
    var g = { nodes: vec(p, 0, node), inputs: vec(p, 1, i32), outputs: vec(p, 2, i32) };
    depth--;
    return g;
  }
  function node(p: number): NodeView {
    p = ref(p);
    var attrs: { [name: string]: any } = {}, graphs: { [name: string]: GraphView | GraphView[] } = {},
      as = vec(p, 4, ref), k: number, a: number, nm: string, ty: number, gs: GraphView[];
    for (k = 0; k < as.length; k++) {
      a = as[k], nm = str(fld(a, 0)), ty = u8(fld(a, 1));
      if (ty == 5 || ty == 10) {
        gs = vec(a, 9, graph);
        graphs[nm] = ty == 5 ? gs[0] : gs;
      } else attrs[nm] =
        // Float/Int/String: scalar in field type+1; Floats/Ints/Strings: vector in field type-1
        ty && ty < 4 ? R[ty - 1](fld(a, ty + 1)) : ty == 4 ? { tensor: i32(fld(a, 8), -1) } :
        ty > 5 && ty < 9 ? vec<any>(a, ty - 1, R[ty - 6]) : void 0;
    }
    return { op: u16(fld(p, 0)), name: str(fld(p, 1)), inputs: vec(p, 2, i32), outputs: vec(p, 3, i32), attrs: attrs, graphs: graphs };
  }
  var R: ((p: number) => any)[] = [f32, i32, str];
  function opcode(p: number) {
    p = ref(p);
    return { domain: str(fld(p, 0)), op: str(fld(p, 1)), opset: i32(fld(p, 2)) };
  }

  var metadata: { [key: string]: string } = {};
  vec(root, 8, function (p) { metadata[str(fld(p = ref(p), 0))] = str(fld(p, 1)); });
  return {
    formatVersion: version, ops: vec(root, 1, opcode), tensors: vec(root, 2, tensor),
    graph: graph(fld(root, 3)),
    arenaSize: u32(fld(root, 4)), arenaBank: u32(fld(root, 9)), dataOffset: dataOffset, dataLength: dataLength,
    producer: str(fld(root, 6)), sourceSha256: str(fld(root, 7)), metadata: metadata
  };
}
