// ONNX protobuf → graph IR. Narrows 64-bit integers at the door so nothing downstream sees
// them: int64 → int32 and uint64 → uint32 (saturating: devices have no BigInt). Reduced-precision
// types (float16, bfloat16, float8, float4, int4, int2) keep their type and are stored widened
// (see format/dtype.ts).
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import * as protobuf from 'protobufjs';
import { Attr, AttrType, ConstTensor, Dim, Graph, Model, Node, Value } from './ir';
import { userError, oneLine } from '../base/errors';
import * as D from '../device/dtype';

var root: protobuf.Root | null = null;
// The ONNX protobuf schema (onnx.proto beside this file), loaded once: the reader and emitQdq use it.
export function protoType(name: string): protobuf.Type {
  if (!root) root = protobuf.loadSync(path.join(__dirname, 'onnx.proto'));
  return root.lookupType('onnx.' + name);
}
function modelProto() { return protoType('ModelProto'); }

// A serialized TensorProto (the backend tests' input_N.pb / output_N.pb).
export function decodeTensorFile(file: string): ConstTensor & { name: string; onnxDtype: number } {
  var t: any = protoType('TensorProto').decode(fs.readFileSync(file));
  var ct = readTensor(t, { file, dir: path.dirname(file) });
  return { ...ct, name: t.name || '', onnxDtype: t.dataType | 0 };
}

// The storage type a dtype is narrowed to.
export function narrowDtype(dtype: number): number {
  if (dtype === D.INT64) return D.INT32;
  if (dtype === D.UINT64) return D.UINT32;
  return dtype;
}

// One narrow element (its bits, right-aligned) → its value.
function float8(bits: number, dtype: number): number {
  var s = bits & 0x80 ? -1 : 1;
  switch (dtype) {
    case D.FLOAT8E4M3FN: return minifloat(bits, s, 4, 3, 7, (bits & 0x7f) === 0x7f, false);
    case D.FLOAT8E4M3FNUZ: return bits === 0x80 ? NaN : minifloat(bits, s, 4, 3, 8, false, false);
    case D.FLOAT8E5M2: return minifloat(bits, s, 5, 2, 15, (bits & 0x7f) > 0x7c, (bits & 0x7f) === 0x7c);
    case D.FLOAT8E5M2FNUZ: return bits === 0x80 ? NaN : minifloat(bits, s, 5, 2, 16, false, false);
    case D.FLOAT8E8M0: return bits === 0xff ? NaN : Math.pow(2, bits - 127);
    default: return minifloat(bits, bits & 0x8 ? -1 : 1, 2, 1, 1, false, false);  // float4e2m1
  }
}
function minifloat(bits: number, s: number, eb: number, mb: number, bias: number, nan: boolean, inf: boolean): number {
  if (nan) return NaN;
  if (inf) return s * Infinity;
  var e = (bits >> mb) & ((1 << eb) - 1), m = bits & ((1 << mb) - 1);
  if (e === 0) return s * m * Math.pow(2, 1 - bias - mb);
  return s * (1 + m / (1 << mb)) * Math.pow(2, e - bias);
}
var PACKED_BITS: Record<number, number> = { [D.UINT4]: 4, [D.INT4]: 4, [D.FLOAT4E2M1]: 4, [D.UINT2]: 2, [D.INT2]: 2 };
function unpackNarrow(v: number, dtype: number): number {
  if (dtype === D.INT4) return v & 0x8 ? v - 16 : v;
  if (dtype === D.INT2) return v & 0x2 ? v - 4 : v;
  if (dtype === D.FLOAT4E2M1) return float8(v, dtype);
  return v;
}

function num(v: any): number {
  if (typeof v === 'number') return v;
  if (v && typeof v.toNumber === 'function') return v.toNumber();
  return Number(v);
}

function saturate32(v: number, unsigned: boolean): number {
  if (unsigned) return v < 0 ? 0 : v > 4294967295 ? 4294967295 : v;
  return v < -2147483648 ? -2147483648 : v > 2147483647 ? 2147483647 : v;
}

function halfToFloat(h: number): number {
  var s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * f * Math.pow(2, -24);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * Math.pow(2, e - 15);
}

function bf16ToFloat(b: number): number {
  var buf = new DataView(new ArrayBuffer(4));
  buf.setUint32(0, (b & 0xffff) << 16);
  return buf.getFloat32(0);
}

interface Ctx { file: string; dir: string }

// Most elements any one initializer may hold (the device limits in api/ come later and lower).
var MAX_ELEMENTS = 1 << 28;

// External data: the location is resolved with symlinks (realpath) and must be a regular file
// inside the model's own folder; offset and length are plain non-negative integers inside the
// file, and exactly that many bytes are read.
function externalBytes(t: any, ctx: Ctx): Uint8Array {
  var info: Record<string, string> = Object.create(null);
  for (var e of t.externalData || []) info[String(e.key)] = String(e.value);
  var loc = info.location, where = `${ctx.file}: tensor ${oneLine(t.name)}`;
  if (!loc) userError(`${where} has external data without a location`);
  var full = path.resolve(ctx.dir, loc), real = '';
  var outside = () => userError(`${where} external data location ${oneLine(loc)} is outside the model's folder; refused`);
  if (path.isAbsolute(loc) || insideDir(ctx.dir, full) === null) outside();
  try { real = fs.realpathSync(full); } catch (err: any) {
    userError(`${where} external data file ${oneLine(loc)} not found`);
  }
  if (insideDir(fs.realpathSync(ctx.dir), real) === null) outside();
  var st = fs.statSync(real);
  if (!st.isFile()) userError(`${where} external data location ${oneLine(loc)} is not a regular file`);
  var count = (k: string, d: number): number => {
    var v = info[k];
    if (v === undefined) return d;
    if (!/^\d{1,15}$/.test(v.trim())) userError(`${where} external data ${k} ${oneLine(v)} is not a non-negative integer`);
    return Number(v);
  };
  var off = count('offset', 0);
  if (off > st.size) userError(`${where} external data offset ${off} is past the end of ${oneLine(loc)} (${st.size} bytes)`);
  var len = count('length', st.size - off);
  if (off + len > st.size)
    userError(`${where} external data ${oneLine(loc)} (${st.size} bytes) is shorter than offset ${off} + length ${len}`);
  var out = new Uint8Array(len), fd = fs.openSync(real, 'r');
  try {
    for (var got = 0, r = 1; got < len && r > 0; got += r) r = fs.readSync(fd, out, got, len - got, off + got);
  } finally { fs.closeSync(fd); }
  if (got < len) userError(`${where} external data ${oneLine(loc)} ended after ${got} of ${len} bytes`);
  return out;
}

// `file` relative to `dir` when inside it (not the folder itself), else null
function insideDir(dir: string, file: string): string | null {
  var rel = path.relative(dir, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : null;
}


export function readTensor(t: any, ctx: Ctx): ConstTensor {
  var dtype = t.dataType | 0;
  var shape: number[] = (t.dims || []).map(num);
  var n = D.sizeOf(shape);
  var where = `${ctx.file}: tensor ${oneLine(t.name || '(unnamed)')}`;
  if (shape.length > 32 || !shape.every(d => d >= 0 && d === Math.floor(d)) || !(n <= MAX_ELEMENTS))
    userError(`${where} has shape [${shape}]: dims must be non-negative and hold at most ${MAX_ELEMENTS} elements`);
  var store = narrowDtype(dtype);
  if (dtype === D.STRING) {   // string_data: bytes, read as UTF-8
    var strs: Uint8Array[] = t.stringData || [];
    if (strs.length < n) userError(`${where} holds ${strs.length} strings, but its shape [${shape}] needs ${n}`);
    var sd: string[] = [];
    for (var si = 0; si < n; si++) sd.push(Buffer.from(strs[si]).toString('utf8'));
    return { dtype, shape, data: sd as any };
  }
  var Ctor = D.ARRAY_OF[store];
  if (!Ctor) userError(`${where} has element type ${D.DTYPE_NAME[dtype] || dtype}, which tinyonnx does not support`);
  var out = new Ctor(n);
  var raw: Uint8Array | null = null;
  if (t.dataLocation === 1) raw = externalBytes(t, ctx);
  else if (t.rawData && t.rawData.length) raw = t.rawData;
  var packed = PACKED_BITS[dtype];
  if (packed) {
    // Sub-byte types: several values per byte, low bits first; int32_data holds one byte per entry.
    var per = 8 / packed, words: ArrayLike<number> = raw || (t.int32Data || []).map(num);
    if (words.length * per < n) userError(`${where} holds ${words.length * per} packed values, but its shape [${shape}] needs ${n}`);
    for (var p = 0; p < n; p++) {
      var w = words[Math.floor(p / per)] >>> ((p % per) * packed);
      out[p] = unpackNarrow(w & ((1 << packed) - 1), dtype);
    }
    return { dtype: store, shape, data: out };
  }
  var isF8 = (dtype >= D.FLOAT8E4M3FN && dtype <= D.FLOAT8E5M2FNUZ) || dtype === D.FLOAT8E8M0;
  if (isF8) {
    var bytes: ArrayLike<number> = raw || (t.int32Data || []).map(num);
    if (bytes.length < n) userError(`${where} holds ${bytes.length} values, but its shape [${shape}] needs ${n}`);
    for (var q = 0; q < n; q++) out[q] = float8(bytes[q] & 0xff, dtype);
    return { dtype: store, shape, data: out };
  }
  if (raw) {
    var dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    var esize = dtype === D.INT64 || dtype === D.UINT64 || dtype === D.DOUBLE ? 8 :
      dtype === D.FLOAT || dtype === D.INT32 || dtype === D.UINT32 ? 4 :
      dtype === D.FLOAT16 || dtype === D.BFLOAT16 || dtype === D.INT16 || dtype === D.UINT16 ? 2 : 1;
    if (raw.byteLength < n * esize) userError(`${where} holds ${raw.byteLength} bytes, but its shape [${shape}] needs ${n * esize}`);
    for (var i = 0; i < n; i++) {
      var o = i * esize;
      switch (dtype) {
        case D.FLOAT: out[i] = dv.getFloat32(o, true); break;
        case D.DOUBLE: out[i] = dv.getFloat64(o, true); break;
        case D.INT64: out[i] = saturate32(Number(dv.getBigInt64(o, true)), false); break;
        case D.UINT64: out[i] = saturate32(Number(dv.getBigUint64(o, true)), true); break;
        case D.INT32: out[i] = dv.getInt32(o, true); break;
        case D.UINT32: out[i] = dv.getUint32(o, true); break;
        case D.INT16: out[i] = dv.getInt16(o, true); break;
        case D.UINT16: out[i] = dv.getUint16(o, true); break;
        case D.FLOAT16: out[i] = halfToFloat(dv.getUint16(o, true)); break;
        case D.BFLOAT16: out[i] = bf16ToFloat(dv.getUint16(o, true)); break;
        case D.INT8: out[i] = dv.getInt8(o); break;
        default: out[i] = dv.getUint8(o); break;   // uint8, bool
      }
    }
    return { dtype: store, shape, data: out };
  }
  var src: any[] =
    dtype === D.FLOAT ? t.floatData :
    dtype === D.DOUBLE ? t.doubleData :
    dtype === D.INT64 ? t.int64Data :
    dtype === D.UINT64 || dtype === D.UINT32 ? t.uint64Data : t.int32Data;
  src = src || [];
  if (src.length < n && n > 0) userError(`${where} holds ${src.length} values, but its shape [${shape}] needs ${n}`);
  for (var j = 0; j < n; j++) {
    var v = num(src[j]);
    if (dtype === D.FLOAT16) v = halfToFloat(v);
    else if (dtype === D.BFLOAT16) v = bf16ToFloat(v);
    else if (dtype === D.INT64) v = saturate32(v, false);
    else if (dtype === D.UINT64) v = saturate32(v, true);
    out[j] = v;
  }
  return { dtype: store, shape, data: out };
}

function readType(vi: any): { dtype: number; shape: Dim[] | null; kind: string } {
  var tt = vi.type && vi.type.tensorType;
  if (!tt) {
    var kind = !vi.type ? 'unknown' : vi.type.sequenceType ? 'sequence' : vi.type.optionalType ? 'optional' :
      vi.type.mapType ? 'map' : vi.type.sparseTensorType ? 'sparse tensor' : 'unknown';
    return { dtype: 0, shape: null, kind };
  }
  var shape: Dim[] | null = null;
  if (tt.shape) {
    var has = (o: any, k: string) => Object.prototype.hasOwnProperty.call(o, k);
    shape = (tt.shape.dim || []).map((d: any, i: number) =>
      has(d, 'dimValue') && num(d.dimValue) >= 0 ? num(d.dimValue) :
      d.dimParam ? String(d.dimParam) : '?');
  }
  return { dtype: tt.elemType | 0, shape, kind: 'tensor' };
}

var ATTR_TYPES: Record<number, AttrType> = { 1: 'float', 2: 'int', 3: 'string', 4: 'tensor', 5: 'graph',
  6: 'floats', 7: 'ints', 8: 'strings', 9: 'tensors', 10: 'graphs' };

// Attributes that name an element type: narrowed like the tensors themselves.
var DTYPE_ATTRS: Record<string, true> = { to: true, dtype: true, output_dtype: true, output_datatype: true };

function readAttr(a: any, ctx: Ctx, where: string): Attr {
  var type: AttrType | undefined = ATTR_TYPES[a.type];
  if (!type) {  // IR < 2 has no type field: infer from the field present
    type = a.g ? 'graph' : a.t ? 'tensor' : a.s && a.s.length ? 'string' : a.floats && a.floats.length ? 'floats' :
      a.ints && a.ints.length ? 'ints' : a.graphs && a.graphs.length ? 'graphs' : a.i !== undefined && num(a.i) !== 0 ? 'int' : 'float';
  }
  if (a.refAttrName) userError(`${where}: attribute ${oneLine(a.name)} refers to a function attribute; model-local functions are not supported`);
  if (type === 'tensor' && !a.t) userError(`${where}: attribute ${oneLine(a.name)} (a tensor) has no value`);
  if (type === 'graph' && !a.g) userError(`${where}: attribute ${oneLine(a.name)} (a graph) has no value`);
  var dec = (b: Uint8Array) => Buffer.from(b).toString('utf8');
  switch (type) {
    case 'float': return { type, value: a.f === undefined || a.f === null ? 0 : a.f };  // keeps NaN
    case 'int': {
      var iv = saturate32(num(a.i || 0), false);  // int64 attributes are carried as int32
      if (DTYPE_ATTRS[a.name]) iv = narrowDtype(iv);
      return { type, value: iv };
    }
    case 'string': return { type, value: dec(a.s || new Uint8Array(0)) };
    case 'tensor': return { type, value: readTensor(a.t, ctx) };
    case 'graph': return { type, value: readGraph(a.g, ctx, null) };
    case 'floats': return { type, value: (a.floats || []).slice() };
    case 'ints': return { type, value: (a.ints || []).map((x: any) => saturate32(num(x), false)) };
    case 'strings': return { type, value: (a.strings || []).map(dec) };
    case 'tensors': return { type, value: (a.tensors || []).map((t: any) => readTensor(t, ctx)) };
    case 'graphs': return { type, value: (a.graphs || []).map((g: any) => readGraph(g, ctx, null)) };
  }
  return userError(`${where}: attribute ${oneLine(a.name)} has an unsupported type`);
}

// Domains and attribute names become object keys: plain names only (never '__proto__' and the like).
function plainName(s: string, what: string) {
  if (!/^[A-Za-z0-9_.\-]*$/.test(s) || s === '__proto__' || s === 'constructor' || s === 'prototype')
    userError(`${what} ${oneLine(s)} is not a plain name (letters, digits, _ . -)`);
}

function readGraph(g: any, ctx: Ctx, ioDtypes: Record<string, number> | null): Graph {
  var values = new Map<string, Value>();
  var inits = new Set<string>();
  for (var t of g.initializer || []) {
    var ct = readTensor(t, ctx);
    values.set(t.name, { name: t.name, dtype: ct.dtype, shape: ct.shape, data: ct.data });
    inits.add(t.name);
  }
  if ((g.sparseInitializer || []).length)
    userError(`${ctx.file}: sparse initializers are not supported (graph '${g.name || ''}')`);
  var declare = (vi: any, role: string) => {
    if (values.has(vi.name) && values.get(vi.name)!.data) return;
    var ty = readType(vi);
    if (ty.kind !== 'tensor' && role !== 'value_info' && (ioDtypes || ty.kind !== 'unknown'))
      userError(`${ctx.file}: graph ${role} ${oneLine(vi.name)} is of type ${ty.kind}; tinyonnx supports tensors only`);
    if (ty.kind !== 'tensor') return;  // untyped subgraph values are inferred later
    if (ioDtypes && role !== 'value_info') ioDtypes[vi.name] = ty.dtype;
    var info = role === 'input' ? values.get(vi.name) : undefined;   // value_info on an input: its dims suggest --shape
    values.set(vi.name, { name: vi.name, dtype: narrowDtype(ty.dtype), shape: ty.shape });
    if (info && info.shape) values.get(vi.name)!.suggested = info.shape;
  };
  for (var vi of g.valueInfo || []) declare(vi, 'value_info');
  for (var vi of g.input || []) declare(vi, 'input');
  for (var vi of g.output || []) declare(vi, 'output');
  var nodes: Node[] = (g.node || []).map((n: any, i: number) => {
    var name = n.name || `${n.opType}_${i}`;
    var node: Node = {
      name, op: n.opType || '', domain: n.domain === 'ai.onnx' ? '' : n.domain || '',
      inputs: (n.input || []).slice(), outputs: (n.output || []).slice(), attrs: {},
    };
    var where = `${ctx.file}: node ${oneLine(name)} (${oneLine(node.op).slice(1, -1)})`;
    plainName(node.domain, `${where}: domain`);
    for (var a of n.attribute || []) {
      plainName(a.name, `${where}: attribute name`);
      if (Object.prototype.hasOwnProperty.call(node.attrs, a.name)) userError(`${where}: attribute ${oneLine(a.name)} given twice`);
      node.attrs[a.name] = readAttr(a, ctx, where);
    }
    return node;
  });
  return {
    name: g.name || '',
    nodes,
    inputs: (g.input || []).map((v: any) => v.name).filter((n: string) => !inits.has(n)),
    outputs: (g.output || []).map((v: any) => v.name),
    values,
  };
}

export function readOnnx(file: string): Model {
  if (!fs.existsSync(file)) userError(`${file}: no such file`);
  if (!fs.statSync(file).isFile()) userError(`${file}: not a regular file (an ONNX model file was expected)`);
  var bytes = fs.readFileSync(file);
  return decodeOnnx(bytes, file);
}

export function decodeOnnx(bytes: Uint8Array, file: string): Model {
  var m: any;
  try {
    m = modelProto().decode(bytes);
  } catch (e: any) {
    userError(`${file}: not a valid ONNX model (protobuf decoding failed: ${String(e.message || e).split('\n')[0]}); is the file truncated?`);
  }
  if (!m.graph || !m.irVersion || num(m.irVersion) < 1 || num(m.irVersion) > 20)
    userError(`${file}: not a valid ONNX model (no graph or ir_version found)`);
  var irVersion = num(m.irVersion);
  if (irVersion < 3) userError(`${file}: ONNX IR version ${irVersion} is too old; tinyonnx reads IR versions 3 and later`);
  if ((m.functions || []).length) userError(`${file}: model-local functions are not supported`);
  var opsets: Record<string, number> = {};
  for (var o of m.opsetImport || []) {
    plainName(o.domain || '', `${file}: opset_import domain`);
    opsets[o.domain === 'ai.onnx' ? '' : o.domain || ''] = num(o.version);
  }
  var ctx: Ctx = { file, dir: path.dirname(path.resolve(file)) };
  var ioDtypes: Record<string, number> = {};
  var graph = readGraph(m.graph, ctx, ioDtypes);
  return {
    file,
    irVersion,
    opsets,
    producer: [m.producerName, m.producerVersion].filter(Boolean).join(' '),
    sourceSha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    graph,
    ioDtypes,
  };
}
