// converter/passes/recognizeDft.ts and device/kernels/nn/Stft.ts: small models whose Conv/MatMul
// weights are a windowed DFT basis (the layouts STFT front ends use: cos and -sin rows stacked in
// one Conv as in Silero, two Convs on one signal as in melspectrogram, a 1×N 2-D Conv, a bin
// range, padding, a MatMul over frames) become one tinyonnx:Stft node, and the built runtime gives
// onnxruntime-node's outputs; weights that are not a basis, or too few bins, stay products.
// Real models: test/models.test.ts (melspectrogram, the three Silero versions).
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel, TNode, TInit } from './onnxBuilder';
import { TMP } from './buildCache';
import { ortRun, closeTo } from './reference';
import { build } from '../api/build';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { seededRandom } from '../base/inputs';
import { runInEngine } from '../targets/engines/index';
import { fftPlan, fftRun } from '../device/kernels/nn/fft';
import { modelSpec } from './models';

var rnd = seededRandom(5);
var ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
var hann = (N: number) => Array.from({ length: N }, (_, n) => 0.5 - 0.5 * Math.cos(2 * Math.PI * n / N));

// Rows of window · basis, rounded to float32 as a framework stores them: [kind, bin] per row
// (kind 0 cos, 1 sin, 2 -sin).
function basis(win: number[], rows: [number, number][]): number[] {
  var N = win.length, w: number[] = [];
  for (var [kind, k] of rows)
    for (var n = 0; n < N; n++) {
      var t = 2 * Math.PI * ((k * n) % N) / N;
      w.push(Math.fround(win[n] * (kind === 0 ? Math.cos(t) : kind === 1 ? Math.sin(t) : -Math.sin(t))));
    }
  return w;
}
var bins = (kind: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => [kind, from + i] as [number, number]);

interface Case { nodes: TNode[]; inits: TInit[]; x: number[]; ys: { name: string; dims: number[] }[]; ops: string[] }

async function check(name: string, c: Case) {
  var file = path.join(TMP, `dft-${name}.onnx`);
  fs.writeFileSync(file, makeModel({ nodes: c.nodes, inits: c.inits, inputs: [{ name: 'x', dims: c.x }], outputs: c.ys }));
  expect(convertModel(readOnnx(file)).model.graph.nodes.map(n => n.op)).toEqual(c.ops);
  var x = new Float32Array(c.x.reduce((a, b) => a * b, 1)).map(() => rnd() * 2 - 1);
  var ref = await ortRun(file, { x: { data: x, dims: c.x } });
  // the JS kernels as the interpreters run them (QuickJS), and the node build
  var dir = path.join(TMP, `dft-${name}-quickjs`);
  await build({ input: file, outDir: dir, target: 'quickjs' });
  var qjs = (await runInEngine('quickjs', dir, { x }, { repeat: 0 })).outputs;
  for (var y of c.ys) { var r = closeTo(qjs[y.name], ref[y.name]); expect(r.ok, `quickjs '${y.name}': ${r.msg}`).toBe(true); }
  return { file, x, ref };
}

var conv = (w: string, y: string, attrs: any[], x = 'x'): TNode => ({ op: 'Conv', inputs: [x, w], outputs: [y], attrs });

describe('recognizeDft', () => {
  it('Silero layout: cos 0..N/2 then -sin 0..N/2 in one Conv, hop N/2', () => {
    var N = 64, w = basis(hann(N), [...bins(0, 0, 32), ...bins(2, 0, 32)]);
    return check('silero', { nodes: [conv('W', 'y', [ints('strides', [32])])], inits: [{ name: 'W', dims: [66, 1, N], floats: w }],
      x: [1, 1, 320], ys: [{ name: 'y', dims: [1, 66, 9] }], ops: ['Stft'] });
  });

  it('melspectrogram layout: two Convs (cos, +sin) on one signal, an asymmetric window, padding: one node, two outputs', () => {
    var N = 128, win = Array.from({ length: N }, () => 0.2 + rnd());
    return check('pair', {
      nodes: [conv('Wr', 're', [ints('strides', [40]), ints('pads', [20, 7])]), conv('Wi', 'im', [ints('strides', [40]), ints('pads', [20, 7])])],
      inits: [{ name: 'Wr', dims: [65, 1, N], floats: basis(win, bins(0, 0, 64)) }, { name: 'Wi', dims: [65, 1, N], floats: basis(win, bins(1, 0, 64)) }],
      x: [2, 1, 400], ys: [{ name: 're', dims: [2, 65, 8] }, { name: 'im', dims: [2, 65, 8] }], ops: ['Stft'] });
  });

  it('a 2-D Conv with a 1×N kernel over bins 3..60 (no k = 0 row: the window comes from its cos sibling)', () => {
    var N = 128, win = hann(N), a = [ints('strides', [1, 50]), ints('kernel_shape', [1, N])];
    return check('conv2d', {
      nodes: [conv('Wc', 'c', a), conv('Ws', 's', a)],
      inits: [{ name: 'Wc', dims: [59, 1, 1, N], floats: basis(win, [[0, 0], ...bins(0, 4, 61)]) }, { name: 'Ws', dims: [58, 1, 1, N], floats: basis(win, bins(2, 3, 60)) }],
      x: [1, 1, 1, 600], ys: [{ name: 'c', dims: [1, 59, 1, 10] }, { name: 's', dims: [1, 58, 1, 10] }], ops: ['Stft'] });
  });

  it('a MatMul over frames [.., N] with interleaved cos/-sin columns', () => {
    var N = 64, rows: [number, number][] = [];
    for (var k = 0; k <= 32; k++) rows.push([0, k], [2, k]);
    var b = basis(hann(N), rows), C = rows.length, W: number[] = [];
    for (var n = 0; n < N; n++) for (var c = 0; c < C; c++) W.push(b[c * N + n]);   // [N, C]
    return check('matmul', { nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }], inits: [{ name: 'W', dims: [N, C], floats: W }],
      x: [3, 5, N], ys: [{ name: 'y', dims: [3, 5, C] }], ops: ['Stft'] });
  });

  it('weights 2e-6 off the basis (four times the tolerance), or a few bins, stay products', async () => {
    var N = 64, w = basis(hann(N), [...bins(0, 0, 32), ...bins(2, 0, 32)]);
    w[40 * N + 17] += 2e-6;
    await check('off', { nodes: [conv('W', 'y', [ints('strides', [32])])], inits: [{ name: 'W', dims: [66, 1, N], floats: w }],
      x: [1, 1, 320], ys: [{ name: 'y', dims: [1, 66, 9] }], ops: ['Conv'] });
    await check('few', { nodes: [conv('W', 'y', [ints('strides', [32])])], inits: [{ name: 'W', dims: [8, 1, N], floats: basis(hann(N), bins(0, 0, 7)) }],
      x: [1, 1, 320], ys: [{ name: 'y', dims: [1, 8, 9] }], ops: ['Conv'] });
  });
});

describe('the FFT (device/kernels/nn/fft.ts)', () => {
  it('equals the DFT summed in float64 to 1e-13 of the frame\'s L1 norm, N = 4 .. 1024', () => {
    for (var N = 4; N <= 1024; N *= 2) {
      var p = fftPlan(N), x = Array.from({ length: N }, () => rnd() * 2 - 1), l1 = x.reduce((a, v) => a + Math.abs(v), 0);
      for (var m = 0; m < N / 2; m++) { p.zr[p.rev[m]] = x[2 * m]; p.zi[p.rev[m]] = x[2 * m + 1]; }
      fftRun(p);
      var worst = 0;
      for (var k = 0; k <= N / 2; k++) {
        var re = 0, im = 0;
        for (var n = 0; n < N; n++) { var t = 2 * Math.PI * ((k * n) % N) / N; re += x[n] * Math.cos(t); im -= x[n] * Math.sin(t); }
        worst = Math.max(worst, Math.abs(p.zr[k] - re), Math.abs(p.zi[k] - im));
      }
      expect(worst / l1, `N = ${N}`).toBeLessThan(1e-13);
    }
  });
});

describe('the real STFT front ends', () => {
  // [model, n_fft, hop, runs (output, kind, first bin, count)]
  it.each([
    ['melspectrogram', 512, 160, [0, 0, 0, 257, 1, 2, 0, 257]],
    ['silero_vad_v5', 256, 128, [0, 0, 0, 129, 0, 2, 0, 129]],
    ['silero_vad', 256, 64, [0, 0, 0, 129, 0, 2, 0, 129]],
    ['silero_vad_legacy', 256, 64, [0, 0, 0, 129, 0, 2, 0, 129]],
  ] as [string, number, number, number[]][])('%s: its STFT Conv is one Stft node', (name, N, hop, runs) => {
    var spec = modelSpec(name), g = convertModel(readOnnx(spec.file), { shapes: spec.shapes, consts: spec.consts }).model.graph;
    var s = g.nodes.filter(n => n.op === 'Stft');
    expect(s.length).toBe(1);
    expect([s[0].attrs.n_fft.value, s[0].attrs.hop.value, s[0].attrs.runs.value]).toEqual([N, hop, runs]);
    expect(g.nodes.some(n => n.op === 'Conv' && g.values.get(n.inputs[1])!.shape![2] === N)).toBe(false);
    // with the SIMD core's products (productSpeed 8), Silero's 258 rows stay a Conv; melspectrogram's 514 do not
    var w = convertModel(readOnnx(spec.file), { shapes: spec.shapes, consts: spec.consts, productSpeed: 8 }).model.graph;
    expect(w.nodes.some(n => n.op === 'Stft')).toBe(name === 'melspectrogram');
  });
});
