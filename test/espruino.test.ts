// Issue 6, a real Espruino board: it views at most 65535 bytes of an ArrayBuffer (16-bit
// byteOffset and length). An espruino build splits wide MatMul/Gemm/Conv weights, plans a big
// arena in 64 KB banks, and its glue maps the graph head and each constant on its own; Duktape
// runs it from an emulated Storage under those limits (targets/engines/espruino.ts). What still
// cannot fit is named at build time.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { modelSpec, randomFeeds, sineSweep } from './models';
import { buildSpec, TMP } from './buildCache';
import { makeModel } from './onnxBuilder';
import { agree } from './targetsShared';
import { closeTo } from './reference';
import { build } from '../api/build';
import { runInEngine } from '../targets/engines/index';
import { runDuk, haveDuk, DUK } from '../targets/engines/duktape';
import { modelIO } from '../targets/engines/common';
import { espruinoFit } from '../targets/espruinoFit';
import { readModel } from '../device/reader';
import { ARRAY_OF, sizeOf } from '../device/dtype';

if (!haveDuk()) throw new Error(`'${DUK}' is not installed (apt-get install duktape); the Espruino tests need it`);

var MAX = 65535;
function tnxOf(dir: string) { return new Uint8Array(fs.readFileSync(path.join(dir, 'model.tnx'))); }
function bytes(t: { dtype: number; shape: number[] }) { return sizeOf(t.shape) * ARRAY_OF[t.dtype]!.BYTES_PER_ELEMENT; }
function expectSame(got: Record<string, ArrayLike<number>>, ref: Record<string, ArrayLike<number>>, what: string) {
  for (var k in ref) { var r = agree(got[k], ref[k]); expect(r.ok, `${what} '${k}': ${r.msg}`).toBe(true); }
}

// alexa and melspectrogram only split weights: the same dot products, Node's outputs exactly.
// silero_vad_v5's LSTMs are also lowered to plain ops (converter/passes/lowerLstm.ts): its gates
// round to float32 between ops, so it is held to the product's tolerance against the node build.
describe.each([
  ['alexa_v0.1', true, () => randomFeeds(modelSpec('alexa_v0.1'), 7)],
  ['melspectrogram', true, () => ({ input: sineSweep(1760) })],
  ['silero_vad_v5', false, () => ({ input: sineSweep(512, 3000), state: randomFeeds(modelSpec('silero_vad_v5'), 11, 0.1).state })],
])('%s fits a real Espruino board', (name, same, feedsOf) => {
  var spec = modelSpec(name), feeds = feedsOf() as Record<string, Float32Array>, esp = '', node = '';
  beforeAll(async () => {
    esp = (await buildSpec(spec, { target: 'espruino' })).dir;
    node = (await buildSpec(spec, { target: 'node' })).dir;
  }, 240000);

  it('every constant and the graph head are at most 65535 bytes; the build says it fits', () => {
    var tnx = tnxOf(esp), m = readModel(tnx);
    expect(m.dataOffset).toBeLessThanOrEqual(MAX);
    expect(readModel(tnx.subarray(0, m.dataOffset), tnx.length)).toEqual(m);   // the head is enough
    expect(() => readModel(tnx.subarray(0, m.dataOffset))).toThrow(/^corrupt model: bad offset/);
    for (var t of m.tensors) if (t.kind === 1) expect(bytes(t), t.name).toBeLessThanOrEqual(MAX);
    var unsplit = readModel(tnxOf(node)).tensors.filter(t => t.kind === 1 && bytes(t) > MAX);
    if (!same) expect(m.ops.map(o => o.op)).not.toContain('LSTM');
    expect(unsplit.length).toBeGreaterThan(0);   // the node build keeps them whole
    expect(espruinoFit(tnxOf(esp))).toEqual({ fits: true, problems: [] });
    expect(JSON.parse(fs.readFileSync(path.join(esp, 'size-report.json'), 'utf8')).builds[0].espruino).toEqual({ fits: true, problems: [] });
  });

  it('Duktape loads it from Storage under Espruino\'s limits and gives Node\'s outputs', async () => {
    var ref = (await runInEngine('node', node, feeds, { repeat: 0 })).outputs;
    var mine = (await runInEngine('node', esp, feeds, { repeat: 0 })).outputs;
    var r = await runInEngine('duktape', esp, feeds, { repeat: 0 });
    expect(r.memoryNote).toContain('ran under Espruino\'s 64 KB ArrayBuffer limits');
    expectSame(r.outputs, mine, 'duktape vs node, espruino build');
    if (same) expectSame(mine, ref, 'espruino build vs node build');
    else for (var k in ref) { var c = closeTo(mine[k], ref[k]); expect(c.ok, `espruino build vs node build '${k}': ${c.msg}`).toBe(true); }
  }, 120000);

  it('the limits bite: the node build\'s model (whole weights) fails under them, naming the limit', async () => {
    var tnx = tnxOf(node);
    var [r] = await runDuk(fs.readFileSync(path.join(esp, 'runtime.js'), 'utf8'),
      [{ tnx, feeds, inputs: modelIO(tnx).inputs, repeat: 0, espruino: { limits: true } }]);
    expect(r.error).toMatch(/Espruino limit: .* bytes; Espruino views at most 65535/);
  }, 120000);
});

describe('models that cannot fit are named at build time', () => {
  it('embedding_model: activations over 64 KB; silero_vad_v5 in a node build: the LSTM weights', async () => {
    var emb = espruinoFit(tnxOf((await buildSpec(modelSpec('embedding_model'), { target: 'espruino' })).dir));
    expect(emb.fits).toBe(false);
    expect(emb.problems.join('\n')).toMatch(/activations are more than 65535 bytes: the output of node 'model\/conv2d\/Conv2D' \(Conv\) \(float32 \[1,24,74,32\], 227328 bytes/);
    var sil = espruinoFit(tnxOf((await buildSpec(modelSpec('silero_vad_v5'), { target: 'node' })).dir));
    expect(sil.fits).toBe(false);
    expect(sil.problems.join('\n')).toMatch(/constant '.*' \(float32 \[1,512,128\], 262144 bytes, read by node '.*LSTM' \(LSTM\)\)/);
  }, 240000);
});

describe('an arena over 64 KB is planned in banks', () => {
  // x (32 KB) and three 32 KB intermediates alive at once: 128 KB of arena, every tensor < 64 KB.
  var N = 8000, dir = path.join(TMP, 'banked'), nodeDir = path.join(TMP, 'banked-node');
  var feeds = { x: new Float32Array(N).map((_, i) => Math.sin(i) * 3) };
  beforeAll(async () => {
    var onnx = path.join(TMP, 'banked.onnx');
    fs.writeFileSync(onnx, makeModel({
      inputs: [{ name: 'x', dims: [1, N] }], outputs: [{ name: 'y', dims: [1, N] }],
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['a'] }, { op: 'Neg', inputs: ['x'], outputs: ['b'] },
        { op: 'Abs', inputs: ['x'], outputs: ['c'] }, { op: 'Sum', inputs: ['a', 'b', 'c', 'x'], outputs: ['y'] },
      ],
    }));
    await build({ input: onnx, outDir: dir, target: 'espruino' });
    await build({ input: onnx, outDir: nodeDir, target: 'node' });
  }, 120000);

  it('no tensor crosses a bank, and Duktape under the limits gives Node\'s outputs', async () => {
    var m = readModel(tnxOf(dir));
    expect(m.arenaSize).toBeGreaterThan(MAX);
    expect(m.arenaBank).toBe(65520);
    for (var t of m.tensors) if (t.kind === 0)
      expect(Math.floor(t.offset / m.arenaBank), t.name).toBe(Math.floor((t.offset + bytes(t) - 1) / m.arenaBank));
    expect(readModel(tnxOf(nodeDir)).arenaBank).toBe(0);
    var ref = (await runInEngine('node', nodeDir, feeds, { repeat: 0 })).outputs;
    var r = await runInEngine('duktape', dir, feeds, { repeat: 0 });
    expect(r.memoryNote).toContain('ran under');
    expectSame(r.outputs, ref, 'banked');
    expectSame((await runInEngine('node', dir, feeds, { repeat: 0 })).outputs, ref, 'banked in node');
  }, 120000);
});
