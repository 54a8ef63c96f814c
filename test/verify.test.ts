// device/verify.ts: a .tnx whose values parse but mean nonsense is refused by load() with one
// line `corrupt model: <what>, <where>` before any view is made; a sound file loads and runs.
// Every model here is written by format/write.ts and, where the writer would refuse the
// damage, patched at the field the generated FlatBuffers code locates.
import { describe, it, expect } from 'vitest';
import * as flatbuffers from 'flatbuffers';
import * as D from '../device/dtype';
import { writeModel, WModel } from '../format/write';
import { createLoader } from '../device/runtime';
import { verifyModel } from '../device/verify';
import { Model } from '../format/generated/tinyonnx/fb/model';
import * as Relu from '../device/kernels/elementwise/Relu';
import * as Add from '../device/kernels/elementwise/Add';

const load = createLoader({ ':Relu': Relu.prepare, ':Add': Add.prepare });

function sample(): WModel {
  return {
    ops: [{ domain: '', op: 'Relu', opset: 14 }, { domain: '', op: 'Add', opset: 14 }],
    tensors: [
      { name: 'x', dtype: D.FLOAT, shape: [1, 4], kind: 0, offset: 0 },
      { name: 'y', dtype: D.FLOAT, shape: [1, 4], kind: 0, offset: 16 },
      { name: 'b', dtype: D.FLOAT, shape: [4], kind: 1, data: new Float32Array([1, 2, 3, 4]) },
      { name: 'z', dtype: D.FLOAT, shape: [1, 4], kind: 0, offset: 32 },
    ],
    graph: {
      nodes: [
        { op: 0, name: 'relu', inputs: [0], outputs: [1], attrs: {} },
        { op: 1, name: 'add', inputs: [1, 2], outputs: [3], attrs: {} },
      ],
      inputs: [0], outputs: [3],
    },
    arenaSize: 48, producer: 'test', sourceSha256: '', metadata: {},
  };
}

function refused(bytes: Uint8Array, what: RegExp) {
  let msg = '';
  try { load(bytes); } catch (e: any) { msg = e.message; expect(e).toBeInstanceOf(Error); expect(e.constructor).toBe(Error); }
  expect(msg).toMatch(/^corrupt model: /);
  expect(msg).toMatch(what);
  expect(msg).not.toMatch(/\n/);
}

function withModel(edit: (m: WModel) => void): Uint8Array {
  const m = sample();
  edit(m);
  return writeModel(m);
}

// position of a scalar field of a table the generated code reached (bb_pos), by vtable slot
function fieldPos(table: { bb: flatbuffers.ByteBuffer | null; bb_pos: number }, vtableOffset: number): number {
  const o = table.bb!.__offset(table.bb_pos, vtableOffset);
  expect(o).toBeGreaterThan(0);
  return table.bb_pos + o;
}
function root(bytes: Uint8Array) { return Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes)); }

describe('tnx verifier', () => {
  it('a sound model loads and runs', () => {
    const s = load(writeModel(sample()));
    expect(Array.from(s.run({ x: new Float32Array([-1, 0, 1, 2]) }).z)).toEqual([1, 2, 4, 6]);
  });

  it('arena slots outside the arena, misaligned, or crossing a bank', () => {
    refused(withModel(m => { m.tensors[3].offset = 40; }), /arena slot 40\+16 outside the 48-byte arena, tensor 3 'z'/);
    refused(withModel(m => { m.tensors[3].offset = 2; }), /offset 2 not aligned to 4 bytes, tensor 3 'z'/);
    refused(withModel(m => { m.arenaSize = 64; m.arenaBank = 16; m.tensors[3].offset = 8; }), /arena slot 8\+16 crosses a 16-byte bank, tensor 3 'z'/);
  });

  it('an arena bank plan needing millions of buffers is refused before any allocation', () => {
    refused(withModel(m => { m.arenaSize = 4294967295; m.arenaBank = 16; }), /arena_size 4294967295 is over 2 GB/);
    refused(withModel(m => { m.arenaSize = 2147483632; m.arenaBank = 16; }), /needs 134217727 buffers \(at most 4096\)/);
  });

  it('shapes: negative dims, huge counts, too high a rank; dtype codes', () => {
    refused(withModel(m => { m.tensors[1].shape = [-1, 4]; }), /negative dimension -1, tensor 1 'y'/);
    refused(withModel(m => { m.tensors[1].shape = [65536, 65536]; }), /4294967296 elements, tensor 1 'y'/);
    refused(withModel(m => { m.tensors[1].shape = new Array(40).fill(1); }), /rank 40/);
    refused(withModel(m => { m.tensors[1].dtype = 99; }), /dtype code 99, tensor 1 'y'/);
    // a constant's shape made bigger than its data (patched: the writer would not write it)
    const bytes = writeModel(sample());
    const sp = fieldPos(root(bytes).tensors(2)! as any, 8), dv = new DataView(bytes.buffer);
    dv.setInt32(sp + dv.getUint32(sp, true) + 4, 1000, true);
    refused(bytes, /constant 0\+4000 outside the 16-byte data \(0 strings\), tensor 2 'b'/);
  });

  it('tensor indices out of range or -1 where a tensor is required', () => {
    refused(withModel(m => { m.graph.outputs = [-1]; }), /output tensor -1 out of range \[0, 4\), graph/);
    refused(withModel(m => { m.graph.inputs = [-1]; }), /input tensor -1 out of range/);
    refused(withModel(m => { m.graph.nodes[0].attrs = { t: { type: 'tensor', value: -1 } }; }), /attribute 't' tensor -1 out of range, graph node 0 'relu'/);
  });

  it('an op index past the op table', () => {
    const bytes = writeModel(sample());
    const node = root(bytes).graph()!.nodes(1)!;
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(fieldPos(node as any, 4), 7, true);
    refused(bytes, /op index 7 past the 2-entry op table, graph node 1 'add'/);
  });

  it("attribute '__proto__' and a graph attribute without its graph", () => {
    refused(withModel(m => { m.graph.nodes[0].attrs = JSON.parse('{"__proto__": {"type": "int", "value": 1}}'); }), /attribute '__proto__' of type 2, graph node 0 'relu'/);
    refused(withGraphCount0(), /graph attribute 'then_branch' has 0 graphs/);
  });

  it('table offsets and vector lengths pointing outside the file', () => {
    const bytes = writeModel(sample());
    const t = root(bytes).tensors(1)!;
    // Tensor.shape (slot 8): the vector's offset made to point far past the end
    const p = fieldPos(t as any, 8);
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    dv.setUint32(p, 0x7ffffff0, true);
    refused(bytes, /outside the file|misaligned/);
    const b2 = writeModel(sample());
    const shape = root(b2).tensors(1)!;
    const sp = fieldPos(shape as any, 8), vecAt = sp + new DataView(b2.buffer).getUint32(sp, true);
    new DataView(b2.buffer).setUint32(vecAt, 0x40000000, true);   // shape length 2^30
    refused(b2, /vectors add up to more than the file|outside the file/);
  });

  it('every truncation and every single-byte change either loads or gives one clear line', () => {
    const good = writeModel(sample());
    for (let cut = 0; cut < good.length; cut += 7) oneLine(good.slice(0, cut));
    for (let i = 0; i < good.length; i++) for (const v of [0, 1, 0x7f, 0xff]) {
      const b = good.slice(); b[i] = v;
      oneLine(b);
    }
  });

  it('costs little: verification of a real-sized model takes microseconds', () => {
    const m = sample();
    for (let i = 0; i < 300; i++) {
      m.tensors.push({ name: 't' + i, dtype: D.FLOAT, shape: [1, 4], kind: 0, offset: 0 });
      m.graph.nodes.push({ op: 0, name: 'n' + i, inputs: [0], outputs: [m.tensors.length - 1], attrs: { alpha: { type: 'float', value: 1 } } });
    }
    const bytes = writeModel(m);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) verifyModel(bytes);
    const us = Number(process.hrtime.bigint() - t0) / 1000 / 100;
    expect(us).toBeLessThan(20000);
  });
});

function withGraphCount0(): Uint8Array {
  // an If whose then_branch attribute (type Graph) holds no graph: written as 'graphs' with none, then retyped
  const m = sample();
  m.graph.nodes[0].attrs = { then_branch: { type: 'graphs', value: [] } };
  const bytes = writeModel(m);
  const a = root(bytes).graph()!.nodes(0)!.attributes(0)!;
  bytes[fieldPos(a as any, 6)] = 5;   // Attribute.type: Graphs → Graph
  return bytes;
}

function oneLine(bytes: Uint8Array) {
  try {
    const s = load(bytes);
    s.run({ x: new Float32Array(s.inputs[0] ? D.sizeOf(s.inputs[0].shape) : 0) });
  } catch (e: any) {
    expect(e.constructor).toBe(Error);
    expect(String(e.message)).not.toMatch(/\n/);
    expect(String(e.message)).not.toMatch(/Cannot read|is not a function|Invalid typed array|out of bounds|undefined/);
  }
}
