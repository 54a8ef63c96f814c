// Device-side reader for .tnx files (format/tinyonnx.fbs, docs/format.md). Hand-written ES5:
// ships in every bundle, so it is small, and it never trusts the bytes: every offset it follows
// is bounds-checked, and a work budget (vector elements + string bytes <= file size) plus a
// subgraph depth limit make it finish quickly on any input, throwing a one-line Error.

export interface QuantView { scale: number[]; zeroPoint: number[]; axis: number }
export interface TensorView { name: string; dtype: number; shape: number[]; kind: number; offset: number; quant: QuantView | null }
export interface NodeView { op: number; name: string; inputs: number[]; outputs: number[]; attrs: { [name: string]: any }; graphs: { [name: string]: GraphView | GraphView[] } }
export interface GraphView { nodes: NodeView[]; inputs: number[]; outputs: number[] }
export interface ModelView {
  formatVersion: number; ops: { domain: string; op: string; opset: number }[]; tensors: TensorView[]; graph: GraphView;
  arenaSize: number; dataOffset: number /* byte offset of Model.data's first byte within the file */; dataLength: number;
  producer: string; sourceSha256: string; metadata: { [key: string]: string };
}

/** Newest Model.format_version this reader understands. */
export var FORMAT_VERSION = 1;
/** Subgraphs (If/Loop/Scan bodies) nested deeper than this are rejected. */
export var MAX_GRAPH_DEPTH = 16;
// Bytes per element by dtype code, for checking that constants lie inside Model.data.
var ELEM = '04112248012848';

export function readModel(bytes: Uint8Array): ModelView {
  var n = bytes.length, budget = n, depth = 0, i: number, c: number;
  function fail(m: string): never { throw new Error(m); }
  if (n < 8) fail('not a tinyonnx model (too short: ' + n + ' bytes)');
  var id = '';
  for (i = 4; i < 8; i++) id += String.fromCharCode((c = bytes[i]) > 31 && c < 127 ? c : 63);
  if (id != 'TNX1') fail("not a tinyonnx model (file identifier is '" + id + "', expected 'TNX1')");
  var dv = new DataView(bytes.buffer, bytes.byteOffset, n);

  // p..p+s must lie inside the file; returns p
  function at(p: number, s: number): number {
    if (!(p >= 0 && s >= 0 && p + s <= n)) fail('corrupt model: offset ' + p + ' (+' + s + ') is outside the ' + n + '-byte file');
    return p;
  }
  function spend(k: number) { if ((budget -= k) < 0) fail('corrupt model: too many elements'); }
  function i32(p: number) { return dv.getInt32(at(p, 4), true); }
  function u32(p: number) { return dv.getUint32(at(p, 4), true); }
  function u16(p: number) { return dv.getUint16(at(p, 2), true); }
  function u8(p: number) { return bytes[at(p, 1)]; }
  function f32(p: number) { return dv.getFloat32(at(p, 4), true); }
  function ref(p: number) { return p + u32(p); }
  // position of field `id` of the table at t, or 0 when absent
  function fld(t: number, id: number) {
    var vt = t - i32(t), o = 4 + 2 * id;
    return o < u16(vt) && (o = u16(vt + o)) ? t + o : 0;
  }
  function get<T>(t: number, id: number, d: T, rd: (p: number) => T): T {
    var f = fld(t, id);
    return f ? rd(f) : d;
  }
  // rd gets the position of each element (for tables and strings: of the offset to it)
  function vec<T>(t: number, id: number, rd: (p: number) => T, s: number): T[] {
    var f = fld(t, id), r: T[] = [], l: number, k: number;
    if (f) {
      l = u32(f = ref(f));
      at(f + 4, l * s);
      spend(l);
      for (k = 0; k < l; k++) r.push(rd(f + 4 + k * s));
    }
    return r;
  }
  function str(p: number) {
    var l = u32(p = ref(p)), j = at(p + 4, l), e = j + l, r = '', x: number, k: number;
    spend(l);
    while (j < e) {
      x = bytes[j++];
      // UTF-8: k continuation bytes; malformed sequences decode to U+FFFD
      k = x < 192 ? 0 : x < 224 ? 1 : x < 240 ? 2 : 3;
      x = k ? x & 127 >> k + 1 : x < 128 ? x : 65533;
      for (; k; k--) {
        if (j >= e || (bytes[j] & 192) != 128) { x = 65533; break; }
        x = x << 6 | bytes[j++] & 63;
      }
      if (x > 1114111) x = 65533;
      if (x > 65535) {
        x -= 65536;
        r += String.fromCharCode(55296 + (x >> 10 & 1023), 56320 + (x & 1023));
      } else r += String.fromCharCode(x);
    }
    return r;
  }

  var root = ref(0), version = get(root, 0, 0, u32);
  if (version > FORMAT_VERSION) fail('model format version ' + version + ' is newer than this runtime supports (' + FORMAT_VERSION + '); rebuild the runtime');
  if (version < 1) fail('corrupt model: format version 0');
  var dataOffset = 0, dataLength = 0, d = fld(root, 5);
  if (d) dataOffset = at((d = ref(d)) + 4, dataLength = u32(d));

  function quant(p: number): QuantView {
    p = ref(p);
    return { scale: vec(p, 0, f32, 4), zeroPoint: vec(p, 1, i32, 4), axis: get(p, 2, -1, i32) };
  }
  function tensor(p: number): TensorView {
    p = ref(p);
    var t: TensorView = {
      name: get(p, 0, '', str), dtype: get(p, 1, 0, u8), shape: vec(p, 2, i32, 4),
      kind: get(p, 3, 0, u8), offset: get(p, 4, 0, u32), quant: get(p, 5, null as QuantView | null, quant)
    }, k: number, z = +ELEM.charAt(t.dtype);
    if (t.kind == 1) {
      for (k = 0; k < t.shape.length; k++) z *= t.shape[k] < 0 ? NaN : t.shape[k];
      if (!(t.offset + z <= dataLength)) fail("corrupt model: constant '" + t.name + "' lies outside the data");
    }
    return t;
  }
  function graph(p: number): GraphView {
    if (++depth > MAX_GRAPH_DEPTH) fail('corrupt model: subgraphs nested too deep');
    p = ref(p);
    var g = { nodes: vec(p, 0, node, 4), inputs: vec(p, 1, i32, 4), outputs: vec(p, 2, i32, 4) };
    depth--;
    return g;
  }
  function node(p: number): NodeView {
    p = ref(p);
    var attrs: { [name: string]: any } = {}, graphs: { [name: string]: GraphView | GraphView[] } = {},
      as = vec(p, 4, ref, 4), k: number, a: number, nm: string, ty: number, gs: GraphView[];
    for (k = 0; k < as.length; k++) {
      a = as[k], nm = get(a, 0, '', str), ty = get(a, 1, 0, u8);
      if (ty == 5 || ty == 10) {
        gs = vec(a, 9, graph, 4);
        graphs[nm] = ty == 5 ? gs[0] : gs;
      } else attrs[nm] =
        ty == 1 ? get(a, 2, 0, f32) : ty == 2 ? get(a, 3, 0, i32) : ty == 3 ? get(a, 4, '', str) :
        ty == 4 ? { tensor: get(a, 8, -1, i32) } : ty == 6 ? vec(a, 5, f32, 4) : ty == 7 ? vec(a, 6, i32, 4) :
        ty == 8 ? vec(a, 7, str, 4) : void 0;
    }
    return { op: get(p, 0, 0, u16), name: get(p, 1, '', str), inputs: vec(p, 2, i32, 4), outputs: vec(p, 3, i32, 4), attrs: attrs, graphs: graphs };
  }
  function opcode(p: number) {
    p = ref(p);
    return { domain: get(p, 0, '', str), op: get(p, 1, '', str), opset: get(p, 2, 0, i32) };
  }

  var metadata: { [key: string]: string } = {}, kv = vec(root, 8, ref, 4);
  for (i = 0; i < kv.length; i++) metadata[get(kv[i], 0, '', str)] = get(kv[i], 1, '', str);
  return {
    formatVersion: version, ops: vec(root, 1, opcode, 4), tensors: vec(root, 2, tensor, 4),
    graph: get(root, 3, null as GraphView | null, graph) || fail('corrupt model: no graph'),
    arenaSize: get(root, 4, 0, u32), dataOffset: dataOffset, dataLength: dataLength,
    producer: get(root, 6, '', str), sourceSha256: get(root, 7, '', str), metadata: metadata
  };
}
