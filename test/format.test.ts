// The .tnx format: writer (format/write.ts) → generated FlatBuffers code and the device reader
// (device/reader.ts) must agree field by field; constants must be 16-aligned and byte-exact;
// output deterministic; bad input must give clear one-line errors and never hang.
import { describe, it, expect } from 'vitest';
import * as flatbuffers from 'flatbuffers';
import * as D from '../device/dtype';
import { writeModel, WModel, WGraph, WTensor, WAttr } from '../format/write';
import { readModel, ModelView, GraphView, NodeView, TensorView } from '../device/reader';
import { Model } from '../format/generated/tinyonnx/fb/model';
import { Graph } from '../format/generated/tinyonnx/fb/graph';
import { Tensor } from '../format/generated/tinyonnx/fb/tensor';
import { Node } from '../format/generated/tinyonnx/fb/node';
import { Attribute } from '../format/generated/tinyonnx/fb/attribute';
import { AttrType } from '../format/generated/tinyonnx/fb/attr-type';

const f32 = Math.fround;

// ---------------------------------------------------------------- models

function sampleModel(): WModel {
  const sub: WGraph = {
    // refers to outer-scope tensors 1 (constant) and 0 (main graph input); -1 = omitted input
    nodes: [{ op: 0, name: 'inner_add', inputs: [0, -1, 1], outputs: [9], attrs: { alpha: { type: 'float', value: 0.5 } } }],
    inputs: [0], outputs: [9],
  };
  const tensors: WTensor[] = [
    { name: 'x', dtype: D.FLOAT, shape: [1, 3], kind: 0, offset: 0 },
    { name: 'w_f32', dtype: D.FLOAT, shape: [3], kind: 1, data: new Float32Array([1.5, -2, 0.1]) },
    { name: 'w_i32', dtype: D.INT32, shape: [2, 2], kind: 1, data: new Int32Array([1, -2, 2147483647, -2147483648]) },
    { name: 'w_i8', dtype: D.INT8, shape: [4, 1], kind: 1, data: new Int8Array([-128, -1, 0, 127]),
      quant: { scale: [0.5, 0.25, 0.1, 3], zeroPoint: [0, 1, -1, 2], axis: 0 } },
    { name: 'w_u8', dtype: D.UINT8, shape: [5], kind: 1, data: new Uint8Array([0, 1, 128, 254, 255]),
      quant: { scale: [0.02], zeroPoint: [128], axis: -1 } },
    { name: 'w_bool', dtype: D.BOOL, shape: [3], kind: 1, data: new Uint8Array([1, 0, 1]) },
    { name: 'w_f64', dtype: D.DOUBLE, shape: [2], kind: 1, data: new Float64Array([Math.PI, -1e300]) },
    { name: 'empty', dtype: D.FLOAT, shape: [0, 4], kind: 2 },
    { name: 'y', dtype: D.FLOAT, shape: [1, 3], kind: 0, offset: 16 },
    { name: 'sub_out ü 名前 🚀', dtype: D.FLOAT, shape: [1, 3], kind: 0, offset: 32 },
    { name: 'w_i16', dtype: D.INT16, shape: [3], kind: 1, data: new Int16Array([-32768, 7, 32767]) },
    { name: 'w_u16', dtype: D.UINT16, shape: [2], kind: 1, data: new Uint16Array([65535, 1]) },
    { name: 'w_u32', dtype: D.UINT32, shape: [2], kind: 1, data: new Uint32Array([4294967295, 3]) },
    { name: 'scalar', dtype: D.FLOAT, shape: [], kind: 1, data: new Float32Array([42]) },
    { name: 'w_f32_from_f64', dtype: D.FLOAT, shape: [2], kind: 1, data: new Float64Array([0.1, 2]) },
    // string tensors: a constant's elements go to Tensor.strings; an activation takes no storage
    { name: 'w_str', dtype: D.STRING, shape: [1, 3], kind: 1, data: ['a', '', 'ü 名前 😀'] as any },
    { name: 'str_act', dtype: D.STRING, shape: [4], kind: 2 },
  ];
  const attrs: Record<string, WAttr> = {
    f: { type: 'float', value: 0.1 },
    f0: { type: 'float', value: 0 },
    i: { type: 'int', value: -5 },
    i0: { type: 'int', value: 0 },
    s: { type: 'string', value: 'héllo %41 ✓ 😀' },
    s0: { type: 'string', value: '' },
    t: { type: 'tensor', value: 1 },
    t0: { type: 'tensor', value: 0 },
    g: { type: 'graph', value: sub },
    fs: { type: 'floats', value: [1, 0.1, -0, Infinity] },
    is: { type: 'ints', value: [0, -1, 2147483647] },
    ss: { type: 'strings', value: ['a', '', 'ß'] },
    gs: { type: 'graphs', value: [sub, { nodes: [], inputs: [], outputs: [] }] },
    empty_ints: { type: 'ints', value: [] },
  };
  return {
    ops: [{ domain: '', op: 'Add', opset: 17 }, { domain: 'com.microsoft', op: 'FusedThing', opset: 1 }, { domain: '', op: 'If', opset: 13 }],
    tensors,
    graph: {
      nodes: [
        { op: 2, name: 'everything', inputs: [0, -1, 3], outputs: [8], attrs },
        { op: 1, name: '', inputs: [8, 2, 4, 5, 6, 10, 11, 12, 13, 14], outputs: [7], attrs: {} },
      ],
      inputs: [0], outputs: [8, 7],
    },
    arenaSize: 48,
    producer: 'tinyonnx 0.1.0',
    sourceSha256: 'ab'.repeat(32),
    metadata: { z: 'last', a: 'first', 'ключ': 'значение', empty: '' },
  };
}

function minimalModel(): WModel {
  return { ops: [], tensors: [], graph: { nodes: [], inputs: [], outputs: [] }, arenaSize: 0, producer: '', sourceSha256: '', metadata: {} };
}

// Seeded pseudo-random models with nested subgraphs.
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}
function randomModel(seed: number): WModel {
  const r = rng(seed), int = (n: number) => Math.floor(r() * n);
  const dtypes = [D.FLOAT, D.UINT8, D.INT8, D.UINT16, D.INT16, D.INT32, D.BOOL, D.DOUBLE, D.UINT32];
  const chars = 'abcXYZ_:/0é名🚀 ';
  const name = () => { let s = ''; const n = int(12); for (let i = 0; i < n; i++) s += [...chars][int([...chars].length)]; return s; };
  const nT = 1 + int(30);
  const tensors: WTensor[] = [];
  for (let i = 0; i < nT; i++) {
    const dtype = dtypes[int(dtypes.length)], shape = Array.from({ length: int(4) }, () => int(4));
    const kind = int(3) as 0 | 1 | 2, n = D.sizeOf(shape);
    const t: WTensor = { name: name() + i, dtype, shape, kind };
    if (kind === 0) t.offset = int(1 << 20);
    if (kind === 1) { const a = new D.ARRAY_OF[dtype]!(n); for (let k = 0; k < n; k++) a[k] = int(200) - 100; t.data = a; }
    if (int(4) === 0) t.quant = { scale: Array.from({ length: 1 + int(3) }, () => r()), zeroPoint: Array.from({ length: 1 + int(3) }, () => int(256) - 128), axis: int(3) - 1 };
    tensors.push(t);
  }
  const nOps = 1 + int(5);
  const idx = () => int(nT + 1) - 1;
  const graph = (depth: number): WGraph => {
    const nodes = Array.from({ length: int(5) }, () => {
      const attrs: Record<string, WAttr> = {};
      const nA = int(6);
      for (let a = 0; a < nA; a++) {
        const k = int(depth < 3 ? 9 : 7);
        const key = 'a' + int(1000);
        attrs[key] =
          k === 0 ? { type: 'float', value: r() * 100 - 50 } : k === 1 ? { type: 'int', value: int(1 << 30) - (1 << 29) } :
          k === 2 ? { type: 'string', value: name() } : k === 3 ? { type: 'tensor', value: int(nT) } :
          k === 4 ? { type: 'floats', value: Array.from({ length: int(5) }, () => r()) } :
          k === 5 ? { type: 'ints', value: Array.from({ length: int(5) }, () => int(100) - 50) } :
          k === 6 ? { type: 'strings', value: Array.from({ length: int(4) }, name) } :
          k === 7 ? { type: 'graph', value: graph(depth + 1) } :
          { type: 'graphs', value: Array.from({ length: int(3) }, () => graph(depth + 1)) };
      }
      return { op: int(nOps), name: name(), inputs: Array.from({ length: int(4) }, idx), outputs: Array.from({ length: 1 + int(2) }, () => int(nT)), attrs };
    });
    return { nodes, inputs: Array.from({ length: int(3) }, () => int(nT)), outputs: Array.from({ length: int(3) }, () => int(nT)) };
  };
  const metadata: Record<string, string> = {};
  for (let i = int(4); i > 0; i--) metadata[name()] = name();
  return {
    ops: Array.from({ length: nOps }, () => ({ domain: int(2) ? '' : 'com.' + name(), op: name(), opset: int(25) })),
    tensors, graph: graph(0), arenaSize: int(1 << 24), arenaBank: int(2) ? 0 : 16 * (1 + int(4095)), producer: name(), sourceSha256: name(), metadata,
  };
}

// ---------------------------------------------------------------- expected views

function constOffsets(m: WModel): number[] {
  const out: number[] = [];
  let size = 0;
  m.tensors.forEach((t, i) => {
    if (t.kind !== 1 || t.dtype === D.STRING) return;
    size = Math.ceil(size / 16) * 16;
    out[i] = size;
    size += D.sizeOf(t.shape) * D.ARRAY_OF[t.dtype]!.BYTES_PER_ELEMENT;
  });
  return out;
}

function expectedGraph(g: WGraph): GraphView {
  return {
    inputs: g.inputs, outputs: g.outputs,
    nodes: g.nodes.map((n): NodeView => {
      const attrs: Record<string, any> = {}, graphs: Record<string, GraphView | GraphView[]> = {};
      for (const [k, a] of Object.entries(n.attrs)) {
        if (a.type === 'graph') graphs[k] = expectedGraph(a.value);
        else if (a.type === 'graphs') graphs[k] = a.value.map(expectedGraph);
        else attrs[k] = a.type === 'float' ? f32(a.value) : a.type === 'floats' ? a.value.map(f32) :
          a.type === 'tensor' ? { tensor: a.value } : a.value;
      }
      return { op: n.op, name: n.name, inputs: n.inputs, outputs: n.outputs, attrs, graphs };
    }),
  };
}

function expectedView(m: WModel): Omit<ModelView, 'dataOffset' | 'dataLength'> {
  const offs = constOffsets(m);
  return {
    formatVersion: 1,
    ops: m.ops,
    tensors: m.tensors.map((t, i): TensorView => ({
      name: t.name, dtype: t.dtype, shape: t.shape, kind: t.kind,
      offset: t.kind === 1 ? offs[i] || 0 : t.kind === 0 ? t.offset || 0 : 0,
      quant: t.quant ? { scale: t.quant.scale.map(f32), zeroPoint: t.quant.zeroPoint, axis: t.quant.axis } : null,
      strings: t.kind === 1 && t.dtype === D.STRING ? Array.from(t.data as any as string[]) : [],
    })),
    graph: expectedGraph(m.graph),
    arenaSize: m.arenaSize, arenaBank: m.arenaBank || 0, producer: m.producer, sourceSha256: m.sourceSha256, metadata: m.metadata,
  };
}

// ---------------------------------------------------------------- the same view via generated code

function viaGenerated(bytes: Uint8Array): ModelView {
  const bb = new flatbuffers.ByteBuffer(bytes);
  expect(Model.bufferHasIdentifier(bb)).toBe(true);
  const m = Model.getRootAsModel(bb);
  const ints = (n: number, get: (i: number) => number | null) => Array.from({ length: n }, (_, i) => get(i)!);
  const graph = (g: Graph): GraphView => ({
    inputs: ints(g.inputsLength(), (i) => g.inputs(i)),
    outputs: ints(g.outputsLength(), (i) => g.outputs(i)),
    nodes: Array.from({ length: g.nodesLength() }, (_, i): NodeView => {
      const n: Node = g.nodes(i)!;
      const attrs: Record<string, any> = {}, graphs: Record<string, GraphView | GraphView[]> = {};
      for (let k = 0; k < n.attributesLength(); k++) {
        const a: Attribute = n.attributes(k)!, name = a.name() ?? '';
        const gl = Array.from({ length: a.graphsLength() }, (_, j) => graph(a.graphs(j)!));
        switch (a.type()) {
          case AttrType.Float: attrs[name] = a.f(); break;
          case AttrType.Int: attrs[name] = a.i(); break;
          case AttrType.String: attrs[name] = a.s() ?? ''; break;
          case AttrType.Tensor: attrs[name] = { tensor: a.tensor() }; break;
          case AttrType.Floats: attrs[name] = Array.from(a.floatsArray() ?? []); break;
          case AttrType.Ints: attrs[name] = Array.from(a.intsArray() ?? []); break;
          case AttrType.Strings: attrs[name] = Array.from({ length: a.stringsLength() }, (_, j) => a.strings(j)); break;
          case AttrType.Graph: graphs[name] = gl[0]; break;
          case AttrType.Graphs: graphs[name] = gl; break;
          default: throw new Error('unexpected attribute type ' + a.type());
        }
      }
      return { op: n.op(), name: n.name() ?? '', inputs: ints(n.inputsLength(), (j) => n.inputs(j)), outputs: ints(n.outputsLength(), (j) => n.outputs(j)), attrs, graphs };
    }),
  });
  const metadata: Record<string, string> = {};
  for (let i = 0; i < m.metadataLength(); i++) metadata[m.metadata(i)!.key()!] = m.metadata(i)!.value() ?? '';
  const data = m.dataArray();
  return {
    formatVersion: m.formatVersion(),
    ops: Array.from({ length: m.opsLength() }, (_, i) => ({ domain: m.ops(i)!.domain() ?? '', op: m.ops(i)!.op() ?? '', opset: m.ops(i)!.opset() })),
    tensors: Array.from({ length: m.tensorsLength() }, (_, i): TensorView => {
      const t: Tensor = m.tensors(i)!, q = t.quant();
      return {
        name: t.name() ?? '', dtype: t.dtype(), shape: ints(t.shapeLength(), (j) => t.shape(j)), kind: t.kind(), offset: t.offset(),
        quant: q ? { scale: Array.from(q.scaleArray() ?? []), zeroPoint: Array.from(q.zeroPointArray() ?? []), axis: q.axis() } : null,
        strings: Array.from({ length: t.stringsLength() }, (_, j) => t.strings(j)),
      };
    }),
    graph: graph(m.graph()!),
    arenaSize: m.arenaSize(),
    arenaBank: m.arenaBank(),
    dataOffset: data ? data.byteOffset - bytes.byteOffset : 0,
    dataLength: data ? data.length : 0,
    producer: m.producer() ?? '', sourceSha256: m.sourceSha256() ?? '', metadata,
  };
}

function littleEndianBytes(a: D.TypedArray): number[] {
  const out: number[] = [], dv = new DataView(a.buffer, a.byteOffset, a.byteLength), s = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i++) {
    const p = i * s;
    if (a instanceof Float32Array) { const b = new DataView(new ArrayBuffer(4)); b.setFloat32(0, a[i], true); for (let k = 0; k < 4; k++) out.push(b.getUint8(k)); }
    else if (a instanceof Float64Array) { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, a[i], true); for (let k = 0; k < 8; k++) out.push(b.getUint8(k)); }
    else { const v = s === 1 ? dv.getUint8(p) : s === 2 ? (a instanceof Int16Array ? a[i] & 0xffff : a[i]) : a[i] >>> 0; for (let k = 0; k < s; k++) out.push((v >>> (8 * k)) & 255); }
  }
  return out;
}

function checkModel(m: WModel) {
  const bytes = writeModel(m);
  expect(bytes.byteOffset).toBe(0);
  const view = readModel(bytes), gen = viaGenerated(bytes);
  expect(view).toEqual(gen);
  const { dataOffset, dataLength, ...rest } = view;
  expect(rest).toEqual(expectedView(m));
  // every constant: 16-aligned from the file start, inside Model.data, bytes round-trip
  expect(dataOffset % 16).toBe(0);
  m.tensors.forEach((t, i) => {
    if (t.kind !== 1 || t.dtype === D.STRING) return;
    const tv = view.tensors[i], Ctor = D.ARRAY_OF[t.dtype]!;
    const start = dataOffset + tv.offset, n = D.sizeOf(t.shape);
    expect(start % 16).toBe(0);
    expect(tv.offset + n * Ctor.BYTES_PER_ELEMENT).toBeLessThanOrEqual(dataLength);
    const converted = t.data instanceof (Ctor as any) ? t.data! : (() => { const a = new Ctor(n); (a as any).set(t.data); return a; })();
    expect(Array.from(bytes.subarray(start, start + n * Ctor.BYTES_PER_ELEMENT))).toEqual(littleEndianBytes(converted));
    // zero-copy view, as the device runtime makes it
    expect(Array.from(new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset + start, n))).toEqual(Array.from(converted));
  });
  return { bytes, view };
}

// ---------------------------------------------------------------- tests

describe('format: round trip', () => {
  it('sample model: writer → generated code == reader == expected', () => {
    const { view } = checkModel(sampleModel());
    // spot checks of things the generic comparison could hide
    const node = view.graph.nodes[0];
    expect(node.attrs.f).toBe(f32(0.1));
    expect(node.attrs.f0).toBe(0);
    expect(node.attrs.i0).toBe(0);
    expect(node.attrs.s0).toBe('');
    expect(node.attrs.s).toBe('héllo %41 ✓ 😀');
    expect(node.attrs.t0).toEqual({ tensor: 0 });
    expect(Object.is(node.attrs.fs[2], -0)).toBe(true);
    expect(node.attrs.g).toBeUndefined();
    expect((node.graphs.g as GraphView).nodes[0].inputs).toEqual([0, -1, 1]);
    expect((node.graphs.gs as GraphView[]).length).toBe(2);
    expect(Object.keys(node.attrs)).toEqual([...Object.keys(node.attrs)].sort());   // written sorted by name
    expect(Object.keys(view.metadata)).toEqual(['a', 'empty', 'z', 'ключ']);
    expect(view.tensors[3].quant).toEqual({ scale: [0.5, 0.25, f32(0.1), 3], zeroPoint: [0, 1, -1, 2], axis: 0 });
    expect(view.tensors[7]).toEqual({ name: 'empty', dtype: D.FLOAT, shape: [0, 4], kind: 2, offset: 0, quant: null, strings: [] });
    expect(view.tensors[15]).toEqual({ name: 'w_str', dtype: D.STRING, shape: [1, 3], kind: 1, offset: 0, quant: null, strings: ['a', '', 'ü 名前 😀'] });
    expect(view.tensors[16].strings).toEqual([]);
    expect(view.tensors[9].name).toBe('sub_out ü 名前 🚀');
    expect(view.ops[1]).toEqual({ domain: 'com.microsoft', op: 'FusedThing', opset: 1 });
  });

  it('minimal model', () => {
    const { view } = checkModel(minimalModel());
    expect(view.dataOffset).toBe(0);
    expect(view.dataLength).toBe(0);
    expect(view.graph).toEqual({ nodes: [], inputs: [], outputs: [] });
  });

  it('random models (nested subgraphs, all dtypes, odd string lengths)', () => {
    for (let seed = 1; seed <= 40; seed++) checkModel(randomModel(seed));
  });

  it('constants stay 16-aligned whatever precedes them', () => {
    for (let k = 0; k < 40; k++) {
      const m = sampleModel();
      m.producer = 'p'.repeat(k);
      m.tensors[1].name = 'n'.repeat(k * 3);
      m.tensors[5].shape = [k % 7]; m.tensors[5].data = new Uint8Array(k % 7);
      checkModel(m);
    }
  });

  it('deterministic: same input → identical bytes, attribute/metadata insertion order irrelevant', () => {
    const a = writeModel(sampleModel()), b = writeModel(sampleModel());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const m = sampleModel();
    const node = m.graph.nodes[0];
    node.attrs = Object.fromEntries(Object.entries(node.attrs).reverse());
    m.metadata = Object.fromEntries(Object.entries(m.metadata).reverse());
    expect(Buffer.from(writeModel(m)).equals(Buffer.from(a))).toBe(true);
    for (let seed = 1; seed <= 5; seed++) expect(Buffer.from(writeModel(randomModel(seed))).equals(Buffer.from(writeModel(randomModel(seed))))).toBe(true);
  });

  it('reads a model that sits at an unaligned offset inside a bigger buffer', () => {
    const bytes = writeModel(sampleModel());
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(readModel(big.subarray(3))).toEqual(readModel(bytes));
  });
});

describe('format: writer rejects bad models', () => {
  it('constant data length must match the shape', () => {
    const m = sampleModel();
    m.tensors[1].data = new Float32Array(2);
    expect(() => writeModel(m)).toThrow(/tensor 1 'w_f32': data has 2 elements, shape \[3\] needs 3/);
  });
  it('constants need data and a storable dtype', () => {
    const m = sampleModel();
    delete m.tensors[1].data;
    expect(() => writeModel(m)).toThrow(/needs data/);
    const m2 = sampleModel();
    m2.tensors[1].dtype = D.INT64;
    expect(() => writeModel(m2)).toThrow(/int64 cannot be stored/);
    const m3 = sampleModel();
    m3.tensors[15].data = ['a'] as any;
    expect(() => writeModel(m3)).toThrow(/tensor 15 'w_str': a string constant needs 3 strings, got 1/);
  });
  it('tensor and op indices must exist; ints must fit int32', () => {
    const m = sampleModel();
    m.graph.nodes[0].inputs.push(99);
    expect(() => writeModel(m)).toThrow(/input must be an integer in \[-1, 16\], got 99/);
    const m2 = sampleModel();
    m2.graph.nodes[0].op = 3;
    expect(() => writeModel(m2)).toThrow(/op must be an integer/);
    const m3 = sampleModel();
    m3.graph.nodes[0].attrs.i.value = 2 ** 31;
    expect(() => writeModel(m3)).toThrow(/attribute i must be an integer/);
  });
});

// ---------------------------------------------------------------- bad input

function expectClearError(bytes: Uint8Array) {
  let err: unknown = null;
  try { readModel(bytes); } catch (e) { err = e; }
  if (err === null) return false;
  expect(err).toBeInstanceOf(Error);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  expect(msg).toMatch(/^(corrupt model: |not a tinyonnx model \(|model format version )/);
  return true;
}

/** A model whose root fields are written by hand (for versions / structures the writer refuses). */
function handBuilt(build: (b: flatbuffers.Builder) => void): Uint8Array {
  const b = new flatbuffers.Builder(64);
  build(b);
  return b.asUint8Array().slice();
}
function emptyGraph(b: flatbuffers.Builder) { Graph.startGraph(b); return Graph.endGraph(b); }

describe('format: reader rejects bad input with a clear error', () => {
  it('too short', () => {
    expect(() => readModel(new Uint8Array(0))).toThrow(/^not a tinyonnx model \(too short: 0 bytes\)$/);
    expect(() => readModel(writeModel(minimalModel()).subarray(0, 7))).toThrow('not a tinyonnx model (too short: 7 bytes)');
  });

  it('wrong file identifier', () => {
    const bytes = writeModel(minimalModel());
    bytes.set([0x4f, 0x4e, 0x4e, 0x58], 4);
    expect(() => readModel(bytes)).toThrow("not a tinyonnx model (file identifier is 'ONNX', expected 'TNX1')");
    bytes.set([0, 1, 0xff, 0x41], 4);
    expect(() => readModel(bytes)).toThrow("not a tinyonnx model (file identifier is '???A', expected 'TNX1')");
  });

  it('newer format version', () => {
    const bytes = handBuilt((b) => {
      const g = emptyGraph(b);
      Model.startModel(b); Model.addFormatVersion(b, 2); Model.addGraph(b, g);
      Model.finishModelBuffer(b, Model.endModel(b));
    });
    expect(() => readModel(bytes)).toThrow('model format version 2 is newer than this runtime supports (1); rebuild the runtime');
    const v0 = handBuilt((b) => {
      const g = emptyGraph(b);
      Model.startModel(b); Model.addGraph(b, g);
      Model.finishModelBuffer(b, Model.endModel(b));
    });
    expect(() => readModel(v0)).toThrow('corrupt model: format version 0');
  });

  it('missing graph', () => {
    const bytes = handBuilt((b) => { Model.startModel(b); Model.addFormatVersion(b, 1); Model.finishModelBuffer(b, Model.endModel(b)); });
    expect(() => readModel(bytes)).toThrow('corrupt model: no graph');
  });

  it('every truncation of a real model fails cleanly', () => {
    const bytes = writeModel(sampleModel()), v = readModel(bytes);
    // Model.data is the last thing in the file; only alignment padding may follow it.
    const used = v.dataOffset + v.dataLength;
    expect(bytes.length - used).toBeLessThan(16);
    for (let n = 8; n < used; n++) expect(expectClearError(bytes.slice(0, n))).toBe(true);
  });

  it('a constant pointing outside Model.data', () => {
    const m = sampleModel();
    const bytes = writeModel(m);
    // find tensor 2's offset field through the generated code and make it too big
    const t = Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes)).tensors(2)!;
    const pos = t.bb_pos + t.bb!.__offset(t.bb_pos, 12);
    new DataView(bytes.buffer).setUint32(pos, 1 << 20, true);
    expect(() => readModel(bytes)).toThrow("corrupt model: constant 'w_i32' out of range");
  });

  it('a string constant whose shape disagrees with its strings', () => {
    const bytes = writeModel(sampleModel());
    const t = Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes)).tensors(15)!;
    const pos = t.bb!.__vector(t.bb_pos + t.bb!.__offset(t.bb_pos, 8));   // shape [1, 3] → [2, 3]
    new DataView(bytes.buffer).setInt32(pos, 2, true);
    expect(() => readModel(bytes)).toThrow("corrupt model: constant 'w_str' out of range");
  });

  it('random bytes and random corruptions never hang and only give clear errors', () => {
    const r = rng(12345);
    for (let k = 0; k < 300; k++) {
      const junk = new Uint8Array(8 + Math.floor(r() * 300));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(r() * 256);
      if (k % 2) junk.set([0x54, 0x4e, 0x58, 0x31], 4);   // 'TNX1'
      expect(expectClearError(junk)).toBe(true);
    }
    const good = writeModel(sampleModel());
    let failed = 0;
    for (let k = 0; k < 2000; k++) {
      const bytes = good.slice();
      for (let f = 1 + Math.floor(r() * 4); f > 0; f--) {
        const i = 8 + Math.floor(r() * (bytes.length - 8));
        bytes[i] = r() < 0.5 ? bytes[i] ^ (1 << Math.floor(r() * 8)) : Math.floor(r() * 256);
      }
      if (expectClearError(bytes)) failed++;
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('subgraphs nested deeper than 16 are refused; 16 is fine', () => {
    const nested = (depth: number): WModel => {
      let g: WGraph = { nodes: [], inputs: [], outputs: [] };
      for (let d = 1; d < depth; d++) g = { nodes: [{ op: 0, name: 'if' + d, inputs: [], outputs: [], attrs: { then_branch: { type: 'graph', value: g } } }], inputs: [], outputs: [] };
      return { ...minimalModel(), ops: [{ domain: '', op: 'If', opset: 13 }], graph: g };
    };
    checkModel(nested(16));
    expect(() => readModel(writeModel(nested(17)))).toThrow('corrupt model: too deep');
  });

  it('offsets never point backwards (so structures cannot be cyclic)', () => {
    const bytes = writeModel({
      ...minimalModel(), ops: [{ domain: '', op: 'If', opset: 13 }],
      graph: { nodes: [{ op: 0, name: 'if', inputs: [], outputs: [], attrs: { then_branch: { type: 'graph', value: { nodes: [], inputs: [], outputs: [] } } } }], inputs: [], outputs: [] },
    });
    // Point the attribute's graphs[0] back at the main graph: a uoffset is unsigned, so this
    // reads as a huge forward offset.
    const m = Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes));
    const main = m.graph()!, a = main.nodes(0)!.attributes(0)!;
    const elem = a.bb!.__vector(a.bb_pos + a.bb!.__offset(a.bb_pos, 22));
    new DataView(bytes.buffer).setInt32(elem, main.bb_pos - elem, true);
    expect(() => readModel(bytes)).toThrow(/^corrupt model: bad offset \d+$/);
  });

  it('shared subtables cannot blow up the work (exponential DAG)', () => {
    // g0 ← node with attribute graphs [g0 × 50] ← g1 … 8 levels: 50^8 visits if followed naively.
    const bytes = handBuilt((b) => {
      let g = emptyGraph(b);
      for (let level = 0; level < 8; level++) {
        const name = b.createString('gs');
        const gv = Attribute.createGraphsVector(b, new Array(50).fill(g));
        Attribute.startAttribute(b); Attribute.addName(b, name); Attribute.addType(b, AttrType.Graphs); Attribute.addGraphs(b, gv);
        const attr = Attribute.endAttribute(b);
        const av = Node.createAttributesVector(b, [attr]);
        Node.startNode(b); Node.addAttributes(b, av);
        const node = Node.endNode(b);
        const nv = Graph.createNodesVector(b, [node]);
        Graph.startGraph(b); Graph.addNodes(b, nv);
        g = Graph.endGraph(b);
      }
      Model.startModel(b); Model.addFormatVersion(b, 1); Model.addGraph(b, g);
      Model.finishModelBuffer(b, Model.endModel(b));
    });
    const t0 = Date.now();
    expect(() => readModel(bytes)).toThrow('corrupt model: too big');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
