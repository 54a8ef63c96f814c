// converter/passes/foldBatchNorm.ts, recognizeActivations.ts, fuseActivation.ts: small models
// with each pattern, built for the node target and run against onnxruntime-node; the fused
// graph must have the expected nodes. Real models: test/models.test.ts (Conv+LeakyRelu in
// embedding_model, Gemm+Relu/Sigmoid in the wake-word classifiers, Conv+Relu in Silero) and
// test/mobilenet.test.ts (BatchNorm, HardSwish, squeeze-excite).
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

var rnd = seededRandom(11);
function rand(n: number, scale = 1, offset = 0) { var a: number[] = []; for (var i = 0; i < n; i++) a.push((rnd() * 2 - 1) * scale + offset); return a; }
var f = (name: string, dims: number[], floats: number[]): TInit => ({ name, dims, floats });
var fr = (name: string, dims: number[], scale = 0.5, offset = 0) => f(name, dims, rand(dims.reduce((a, b) => a * b, 1), scale, offset));
var ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
var scalar = (name: string, v: number) => f(name, [], [v]);
var bn = (x: string, y: string, c: string): TNode => ({ op: 'BatchNormalization', inputs: [x, c + 's', c + 'b', c + 'm', c + 'v'], outputs: [y], attrs: [{ name: 'epsilon', type: 1, f: 1e-3 }] });
var bnInits = (c: string, M: number) => [fr(c + 's', [M], 0.5, 1), fr(c + 'b', [M]), fr(c + 'm', [M]), fr(c + 'v', [M], 0.4, 0.6)];

interface Case { nodes: TNode[]; inits: TInit[]; x: number[]; y: number[]; ops: string[]; opset?: number; act?: string }

async function check(name: string, c: Case) {
  var file = path.join(TMP, `fuse-${name}.onnx`);
  fs.writeFileSync(file, makeModel({ nodes: c.nodes, inits: c.inits, opset: c.opset || 13, inputs: [{ name: 'x', dims: c.x }], outputs: [{ name: 'y', dims: c.y }] }));
  var model = convertModel(readOnnx(file)).model;
  expect(model.graph.nodes.map(n => n.op)).toEqual(c.ops);
  if (c.act) expect(model.graph.nodes[0].attrs.activation.value).toBe(c.act);
  var dir = path.join(TMP, `fuse-${name}`);
  await build({ input: file, outDir: dir, target: 'node' });
  var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
  var x = new Float32Array(rand(c.x.reduce((a, b) => a * b, 1), 4));
  var ours = session.run({ x }).y, ref = (await ortRun(file, { x: { data: x, dims: c.x } })).y;
  var r = closeTo(ours, ref);
  expect(r.ok, r.msg).toBe(true);
}

var conv = (x: string, y: string, w: string, b: string | null, attrs: any[] = []): TNode =>
  ({ op: 'Conv', inputs: b ? [x, w, b] : [x, w], outputs: [y], attrs: [ints('pads', [1, 1, 1, 1]), ...attrs] });
// x [1,4,6,6] → Conv 3x3 → c
var convIn = (bias = true): Case => ({ nodes: [conv('x', 'c', 'W', bias ? 'B' : null)], inits: [fr('W', [8, 4, 3, 3]), ...(bias ? [fr('B', [8])] : [])], x: [1, 4, 6, 6], y: [1, 8, 6, 6], ops: ['Conv'] });
function then(c: Case, nodes: TNode[], inits: TInit[] = []): Case { return { ...c, nodes: c.nodes.concat(nodes), inits: c.inits.concat(inits) }; }

describe('foldBatchNorm', () => {
  it('Conv → BatchNormalization → Relu: one Conv with a fused Relu', () => check('conv-bn-relu', { ...then(convIn(), [bn('c', 'n', 'bn'), { op: 'Relu', inputs: ['n'], outputs: ['y'] }], bnInits('bn', 8)), act: 'Relu' }));
  it('Conv without bias → BatchNormalization', () => check('conv-nobias-bn', then(convIn(false), [bn('c', 'y', 'bn')], bnInits('bn', 8))));
  it('depthwise Conv → BatchNormalization → Clip(0, 6)', () => check('dw-bn-clip', {
    nodes: [conv('x', 'c', 'W', 'B', [{ name: 'group', type: 2, i: 4 }]), bn('c', 'n', 'bn'), { op: 'Clip', inputs: ['n', 'lo', 'hi'], outputs: ['y'] }],
    inits: [fr('W', [4, 1, 3, 3]), fr('B', [4]), ...bnInits('bn', 4), scalar('lo', 0), scalar('hi', 6)], x: [1, 4, 6, 6], y: [1, 4, 6, 6], ops: ['Conv'], act: 'Clip' }));
  it('grouped ConvTranspose → BatchNormalization', () => check('convT-bn', {
    nodes: [{ op: 'ConvTranspose', inputs: ['x', 'W', 'B'], outputs: ['c'], attrs: [{ name: 'group', type: 2, i: 2 }, ints('strides', [2, 2])] }, bn('c', 'y', 'bn')],
    inits: [fr('W', [4, 3, 3, 3]), fr('B', [6]), ...bnInits('bn', 6)], x: [1, 4, 5, 5], y: [1, 6, 11, 11], ops: ['ConvTranspose'] }));
  for (var transB of [0, 1]) {
    const tB = transB;
    it(`Gemm (transB ${tB}, beta 0.5) → BatchNormalization → LeakyRelu`, () => check(`gemm-bn-${tB}`, {
      nodes: [{ op: 'Gemm', inputs: ['x', 'W', 'C'], outputs: ['g'], attrs: [{ name: 'transB', type: 2, i: tB }, { name: 'beta', type: 1, f: 0.5 }] },
        bn('g', 'n', 'bn'), { op: 'LeakyRelu', inputs: ['n'], outputs: ['y'], attrs: [{ name: 'alpha', type: 1, f: 0.1 }] }],
      inits: [fr('W', tB ? [5, 7] : [7, 5]), fr('C', [5]), ...bnInits('bn', 5)], x: [3, 7], y: [3, 5], ops: ['Gemm'], act: 'LeakyRelu' }));
  }
  it('not folded when the Conv output has another reader', async () => {
    var c = then(convIn(), [bn('c', 'n', 'bn'), { op: 'Add', inputs: ['n', 'c'], outputs: ['y'] }], bnInits('bn', 8));
    await check('conv-bn-shared', { ...c, ops: ['Conv', 'BatchNormalization', 'Add'] });
  });
});

describe('recognizeActivations + fuseActivation', () => {
  var relu6p3 = (x: string, p: string): TNode[] => [{ op: 'Add', inputs: [x, 'three'], outputs: [p + 'a'] }, { op: 'Clip', inputs: [p + 'a', 'zero', 'six'], outputs: [p + 'c'] }];
  var k = [scalar('three', 3), scalar('zero', 0), scalar('six', 6), scalar('sixth', 1 / 6), scalar('half', 0.5), scalar('one', 1), scalar('r2', Math.SQRT2)];
  it('Conv → x·Relu6(x+3)/6 (HardSwish) fused into the Conv', () => check('hswish-a', {
    ...then(convIn(), [...relu6p3('c', 'h'), { op: 'Div', inputs: ['hc', 'six'], outputs: ['hs'] }, { op: 'Mul', inputs: ['c', 'hs'], outputs: ['y'] }], k), act: 'HardSwish' }));
  it('Conv → (x·Relu6(x+3))/6 (HardSwish)', () => check('hswish-b', {
    ...then(convIn(), [...relu6p3('c', 'h'), { op: 'Mul', inputs: ['hc', 'c'], outputs: ['m'] }, { op: 'Div', inputs: ['m', 'six'], outputs: ['y'] }], k), act: 'HardSwish' }));
  it('x·HardSigmoid(x) (opset 13) → HardSwish', () => check('hswish-c', { nodes: [{ op: 'HardSigmoid', inputs: ['x'], outputs: ['h'], attrs: [{ name: 'alpha', type: 1, f: 1 / 6 }] }, { op: 'Mul', inputs: ['x', 'h'], outputs: ['y'] }],
    inits: [], x: [2, 50], y: [2, 50], ops: ['HardSwish'] }));
  it('Conv → Relu6(x+3)·(1/6) (HardSigmoid)', () => check('hsig', {
    ...then(convIn(), [...relu6p3('c', 'h'), { op: 'Mul', inputs: ['hc', 'sixth'], outputs: ['y'] }], k), act: 'HardSigmoid' }));
  it('Conv → x·Sigmoid(x) (SiLU)', () => check('silu', {
    ...then(convIn(), [{ op: 'Sigmoid', inputs: ['c'], outputs: ['s'] }, { op: 'Mul', inputs: ['s', 'c'], outputs: ['y'] }]), act: 'Swish' }));
  var gemmIn = (): Case => ({ nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['c'] }], inits: [fr('W', [16, 24])], x: [2, 16], y: [2, 24], ops: ['MatMul'] });
  it('MatMul → GELU, erf form (PyTorch export): one Gelu node', () => check('gelu-erf', {
    ...then(gemmIn(), [{ op: 'Div', inputs: ['c', 'r2'], outputs: ['u'] }, { op: 'Erf', inputs: ['u'], outputs: ['e'] }, { op: 'Add', inputs: ['e', 'one'], outputs: ['a'] },
      { op: 'Mul', inputs: ['c', 'a'], outputs: ['m'] }, { op: 'Mul', inputs: ['m', 'half'], outputs: ['y'] }], k), ops: ['MatMul', 'Gelu'] }));
  it('MatMul → GELU, tanh form with Pow: one Gelu node', () => check('gelu-tanh', {
    ...then(gemmIn(), [{ op: 'Pow', inputs: ['c', 'three'], outputs: ['p'] }, { op: 'Mul', inputs: ['p', 'k1'], outputs: ['pk'] }, { op: 'Add', inputs: ['c', 'pk'], outputs: ['w'] },
      { op: 'Mul', inputs: ['w', 'k2'], outputs: ['v'] }, { op: 'Tanh', inputs: ['v'], outputs: ['t'] }, { op: 'Add', inputs: ['one', 't'], outputs: ['a'] },
      { op: 'Mul', inputs: ['c', 'half'], outputs: ['h'] }, { op: 'Mul', inputs: ['h', 'a'], outputs: ['y'] }],
    k.concat([scalar('k1', 0.044715), scalar('k2', Math.sqrt(2 / Math.PI))])), ops: ['MatMul', 'Gelu'] }));
  it('Gemm → Sigmoid, MatMul → Clip (opset 6 attributes)', async () => {
    await check('gemm-sigmoid', { ...then({ ...gemmIn(), nodes: [{ op: 'Gemm', inputs: ['x', 'W'], outputs: ['c'] }] }, [{ op: 'Sigmoid', inputs: ['c'], outputs: ['y'] }]), ops: ['Gemm'], act: 'Sigmoid' });
    await check('mm-clip6', { ...then(gemmIn(), [{ op: 'Clip', inputs: ['c'], outputs: ['y'], attrs: [{ name: 'min', type: 1, f: -0.5 }, { name: 'max', type: 1, f: 0.7 }] }]), opset: 9, act: 'Clip' });
  });
  it('Conv → LeakyRelu → Max(x, floor) (TF\'s export): one Conv with LeakyReluClip; MatMul → LeakyRelu → Clip too', async () => {
    await check('conv-leaky-max', { ...then(convIn(), [{ op: 'LeakyRelu', inputs: ['c'], outputs: ['l'], attrs: [{ name: 'alpha', type: 1, f: 0.2 }] },
      { op: 'Max', inputs: ['l', 'floor'], outputs: ['y'] }], [scalar('floor', -0.4)]), act: 'LeakyReluClip' });
    await check('mm-leaky-clip', { ...then(gemmIn(), [{ op: 'LeakyRelu', inputs: ['c'], outputs: ['l'], attrs: [{ name: 'alpha', type: 1, f: 0.1 }] },
      { op: 'Clip', inputs: ['l', 'lo', 'hi'], outputs: ['y'] }], [scalar('lo', -0.3), scalar('hi', 0.8)]), act: 'LeakyReluClip' });
  });
  it('an activation whose input is also read elsewhere stays a node', () => check('relu-shared', {
    ...then(convIn(), [{ op: 'Relu', inputs: ['c'], outputs: ['r'] }, { op: 'Add', inputs: ['r', 'c'], outputs: ['y'] }]), ops: ['Conv', 'Relu', 'Add'] }));
});
