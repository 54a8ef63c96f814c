// --quantize int8 and --emit-qdq on an opset-9 model (written here: Conv → Relu → Upsample-9 →
// Slice-1 with attribute starts/ends; opset 10 removed both forms): the inserted
// QuantizeLinear/DequantizeLinear follow opset 10 on their own, the model's default opset stays 9, the build runs, and
// onnxruntime loads (default options) and runs the emitted QDQ file close to the float model.
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeModel } from './onnxBuilder';
import { build } from '../api/build';
import { readModel } from '../device/reader';
import { protoType } from '../converter/readOnnx';
import * as ort from 'onnxruntime-node';
import { ortRun } from './reference';
import { seededRandom } from '../base/inputs';
import { createLoader } from '../device/runtime';
import { allKernels } from '../base/registry';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-opset9-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function opset9Model(): string {
  const rnd = seededRandom(9), w = Array.from({ length: 4 * 3 * 3 * 3 }, () => rnd() - 0.5);
  const file = path.join(dir, 'conv9.onnx');
  fs.writeFileSync(file, makeModel({
    opset: 9,
    nodes: [
      { op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: [{ name: 'pads', type: 7, ints: [1, 1, 1, 1] }, { name: 'kernel_shape', type: 7, ints: [3, 3] }] },
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'Upsample', inputs: ['r', 'scales'], outputs: ['u'], attrs: [{ name: 'mode', type: 3, s: Buffer.from('nearest') }] },
      { op: 'Slice', inputs: ['u'], outputs: ['y'], attrs: [{ name: 'starts', type: 7, ints: [1] }, { name: 'ends', type: 7, ints: [3] }, { name: 'axes', type: 7, ints: [1] }] },
    ],
    inputs: [{ name: 'x', dims: [1, 3, 8, 8] }],
    outputs: [{ name: 'y', dims: [1, 2, 16, 16] }],
    inits: [{ name: 'scales', dims: [4], floats: [1, 1, 2, 2] }, { name: 'w', dims: [4, 3, 3, 3], floats: w }, { name: 'b', dims: [4], floats: [0.1, -0.1, 0.2, 0] }],
  }));
  return file;
}

describe('int8 on an opset-9 model', () => {
  it('quantizes, keeps opset 9 for the model, and onnxruntime runs the QDQ file', async () => {
    const file = opset9Model(), cal = path.join(dir, 'cal'), out = path.join(dir, 'out'), qdq = path.join(dir, 'qdq.onnx');
    fs.mkdirSync(cal);
    const rnd = seededRandom(1), x = () => Array.from({ length: 3 * 64 }, () => rnd() * 2 - 1);
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(cal, `s${i}.json`), JSON.stringify({ x: x() }));
    const r = await build({ input: file, outDir: out, runtime: false, quantize: { mode: 'int8', calibrate: cal, emitQdq: qdq } as any });
    // the model's own ops keep opset 9; the inserted Q/DQ that stay float run at opset 10, their own
    for (var o of readModel(r.tnx).ops) if (o.domain === '') expect(o.opset, o.op).toBe(/^(Quantize|Dequantize)Linear$/.test(o.op) ? 10 : 9);

    // the QDQ file: Q/DQ in com.microsoft, the default domain at opset 10 (where onnxruntime's
    // fused QLinearConv exists) with Slice-1 in its opset-10 form, loadable at default options
    const m: any = protoType('ModelProto').decode(fs.readFileSync(qdq));
    const imports = Object.fromEntries(m.opsetImport.map((o: any) => [o.domain || '', Number(o.version)]));
    expect(imports['']).toBe(10);
    expect(imports['com.microsoft']).toBe(1);
    const slice = m.graph.node.find((n: any) => n.opType === 'Slice');
    expect(slice.attribute).toEqual([]);
    expect(slice.input.length).toBe(4);
    expect(m.graph.node.filter((n: any) => n.opType === 'Upsample')).toEqual([]);
    expect(m.graph.node.filter((n: any) => n.opType === 'Resize').length).toBe(1);
    const qdqNodes = m.graph.node.filter((n: any) => /QuantizeLinear|DequantizeLinear/.test(n.opType));
    expect(qdqNodes.length).toBeGreaterThan(0);
    for (const n of qdqNodes) expect(n.domain).toBe('com.microsoft');
    const input = new Float32Array(x());
    const f = await ortRun(file, { x: { data: input, dims: [1, 3, 8, 8] } });
    // default session options: onnxruntime fuses DQ → Conv → Q into a default-domain QLinearConv
    const session = await ort.InferenceSession.create(qdq);
    const q: any = { y: (await session.run({ x: new ort.Tensor('float32', input, [1, 3, 8, 8]) })).y.data };
    expect(q.y.length).toBe(2 * 256);
    let worst = 0;
    for (let i = 0; i < f.y.length; i++) worst = Math.max(worst, Math.abs(f.y[i] - q.y[i]));
    expect(worst).toBeLessThan(0.1);

    // the int8 build runs on the runtime and agrees with onnxruntime's float result
    const table: any = {};
    for (const [key, list] of allKernels()) table[key] = (node: any) => (list.find((k: any) => node.opset >= k.meta.since && (k.meta.until === undefined || node.opset <= k.meta.until)) || list[0]).prepare(node);
    const y = createLoader(table)(r.tnx).run({ x: input }).y;
    let worst2 = 0;
    for (let i = 0; i < f.y.length; i++) worst2 = Math.max(worst2, Math.abs(f.y[i] - y[i]));
    expect(worst2).toBeLessThan(0.1);
  });
});
