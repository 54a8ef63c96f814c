// Recurrent, signal and spatial-resampling kernels (device/kernels/sequence, device/kernels/spatial)
// against onnxruntime on small models with deterministic pseudo-random inputs, through the host
// interpreter and through one Espruino-profile (ES5) bundle of all these kernels, which must
// parse as ES5. Needs `npm run build` first.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import * as acorn from 'acorn';
import { makeModel, TNode, TInit } from './onnxBuilder';
import { convertToTnx } from '../api/build';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { profileOf } from '../targets/profiles';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { interpret } from '../converter/interpret';
import { ints, floats, attr, es5Loader as es5LoaderFor } from './kernelHarness';

var TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-seq-'));


var es5Loader = es5LoaderFor(['sequence', 'spatial']);

interface Feed { name: string; dims: number[]; data: number[]; int?: boolean; i32?: boolean }
var count = 0;
// Float (and i32) feeds are run-time inputs; int feeds become int64 initializers (parameters).
async function check(node: TNode, feeds: Feed[], outs: string[], opset: number, tol = 1e-5) {
  var file = path.join(TMP, `m${count++}.onnx`);
  var inits: TInit[] = feeds.filter(f => f.int).map(f => ({ name: f.name, dims: f.dims, ints: f.data }));
  var inputs = feeds.filter(f => !f.int);
  fs.writeFileSync(file, makeModel({ nodes: [node], opset, inits,
    inputs: inputs.map(f => ({ name: f.name, dims: f.dims, elemType: f.i32 ? 6 : 1 })), outputs: outs.map(o => ({ name: o, dims: [] })) }));
  var sess = await ort.InferenceSession.create(file, { logSeverityLevel: 3 });
  var of: Record<string, ort.Tensor> = {}, mf: Record<string, Float32Array | Int32Array> = {}, shapes: Record<string, number[]> = {};
  for (var f of inputs) {
    mf[f.name] = f.i32 ? Int32Array.from(f.data) : Float32Array.from(f.data);
    of[f.name] = new ort.Tensor(f.i32 ? 'int32' : 'float32', mf[f.name], f.dims);
    shapes[f.name] = f.dims;
  }
  var ref = await sess.run(of);
  compare(ref, outs, interpret(convertModel(readOnnx(file), { shapes }).model, mf), tol);
  var session = (await es5Loader())(convertToTnx(file, { shapes }).tnx);
  compare(ref, outs, session.run(mf), tol);
}
function compare(ref: any, outs: string[], got: Record<string, ArrayLike<number>>, tol: number) {
  for (var o of outs) {
    var e = ref[o].data as Float32Array, a = got[o];
    expect(a.length, o + ' length').toBe(e.length);
    for (var i = 0; i < a.length; i++)
      if (!(Math.abs(a[i] - e[i]) <= tol * Math.max(1, Math.abs(e[i])))) expect(a[i], `${o}[${i}]`).toBe(e[i]);
  }
}

describe('recurrent kernels vs onnxruntime', () => {
  var T = 4, B = 3, I = 5, H = 6;
  function rnn(op: string, G: number, dir: string, extra: any[], more: boolean) {
    var D = dir === 'bidirectional' ? 2 : 1;
    var feeds: Feed[] = [{ name: 'X', dims: [T, B, I], data: floats(T * B * I, -2, 2, 1) },
      { name: 'W', dims: [D, G * H, I], data: floats(D * G * H * I, -0.6, 0.6, 2) },
      { name: 'R', dims: [D, G * H, H], data: floats(D * G * H * H, -0.6, 0.6, 3) },
      { name: 'B', dims: [D, 2 * G * H], data: floats(D * 2 * G * H, -0.5, 0.5, 4) }];
    var ins = ['X', 'W', 'R', 'B'];
    if (more) {
      feeds.push({ name: 'L', dims: [B], data: [T, 1, 3], i32: true }, { name: 'h0', dims: [D, B, H], data: floats(D * B * H, -1, 1, 5) });
      ins.push('L', 'h0');
      if (op === 'LSTM') {
        feeds.push({ name: 'c0', dims: [D, B, H], data: floats(D * B * H, -1, 1, 6) }, { name: 'P', dims: [D, 3 * H], data: floats(D * 3 * H, -0.5, 0.5, 7) });
        ins.push('c0', 'P');
      }
    }
    var outs = op === 'LSTM' ? ['Y', 'Yh', 'Yc'] : ['Y', 'Yh'];
    return check({ op, inputs: ins, outputs: outs, attrs: [attr.i('hidden_size', H), attr.s('direction', dir), ...extra] }, feeds, outs, 14);
  }
  it('LSTM: directions, sequence_lens, initial state, peepholes, clip, input_forget, activations', async () => {
    for (var dir of ['forward', 'reverse', 'bidirectional']) await rnn('LSTM', 4, dir, [], dir !== 'forward');
    await rnn('LSTM', 4, 'bidirectional', [attr.f('clip', 0.6), attr.i('input_forget', 1),
      attr.strings('activations', ['HardSigmoid', 'LeakyRelu', 'Tanh', 'Sigmoid', 'Affine', 'Softsign']),
      attr.floats('activation_alpha', [0.3, 0.2, 0.5]), attr.floats('activation_beta', [0.4, 0.1])], true);
  });
  it('GRU: linear_before_reset 0 and 1, reverse with sequence_lens', async () => {
    await rnn('GRU', 3, 'forward', [], false);
    await rnn('GRU', 3, 'reverse', [attr.i('linear_before_reset', 1)], true);
    await rnn('GRU', 3, 'bidirectional', [attr.f('clip', 0.8)], true);
  });
  it('RNN: tanh and relu, bidirectional', async () => {
    await rnn('RNN', 1, 'bidirectional', [], true);
    await rnn('RNN', 1, 'forward', [attr.strings('activations', ['Relu'])], false);
  });
});

describe('signal kernels vs onnxruntime', () => {
  it('DFT: real and complex, power-of-two and not, onesided, inverse, dft_length', async () => {
    for (var [C, inv, one, n, dl] of [[1, 0, 0, 8, 0], [1, 0, 1, 10, 0], [2, 1, 0, 6, 0], [2, 0, 0, 12, 16], [1, 0, 1, 9, 7], [2, 1, 1, 5, 0]])
      await check({ op: 'DFT', inputs: ['x', dl ? 'n' : '', 'a'], outputs: ['y'], attrs: [attr.i('inverse', inv), attr.i('onesided', one)] },
        [{ name: 'x', dims: [2, n, 3, C], data: floats(6 * n * C, -1, 1, 8) }, { name: 'n', dims: [], data: [dl], int: true },
         { name: 'a', dims: [], data: [1], int: true }], ['y'], 20, 1e-4);
  });
  it('STFT with a window, and the windows and mel matrix that make one', async () => {
    await check({ op: 'STFT', inputs: ['s', 'st', 'w'], outputs: ['y'] },
      [{ name: 's', dims: [2, 100, 1], data: floats(200, -1, 1, 9) }, { name: 'st', dims: [], data: [7], int: true },
       { name: 'w', dims: [16], data: floats(16, 0, 1, 10) }], ['y'], 17, 1e-4);
    for (var op of ['HannWindow', 'HammingWindow', 'BlackmanWindow']) for (var p of [0, 1])
      await check({ op, inputs: ['n'], outputs: ['y'], attrs: [attr.i('periodic', p)] }, [{ name: 'n', dims: [], data: [11], int: true }], ['y'], 17);
    await check({ op: 'MelWeightMatrix', inputs: ['m', 'd', 'r', 'lo', 'hi'], outputs: ['y'] },
      [{ name: 'm', dims: [], data: [20], int: true }, { name: 'd', dims: [], data: [256], int: true }, { name: 'r', dims: [], data: [16000], int: true },
       { name: 'lo', dims: [], data: [20] }, { name: 'hi', dims: [], data: [7000] }], ['y'], 17);
  });
});

describe('spatial kernels vs onnxruntime', () => {
  var X = { name: 'x', dims: [1, 2, 5, 7], data: floats(70, -5, 5, 11) };
  it('Resize: nearest modes, linear and cubic, antialias, exclude_outside, axes and aspect policy', async () => {
    var cases: [string, string, string, number[] | null, number[] | null, any[]][] = [
      ['nearest', 'asymmetric', 'floor', [1, 1, 2, 1.5], null, []],
      ['nearest', 'half_pixel', 'round_prefer_ceil', null, [1, 2, 3, 11], []],
      ['linear', 'half_pixel', '', [1, 1, 0.6, 0.45], null, [attr.i('antialias', 1)]],
      ['linear', 'align_corners', '', null, [1, 2, 8, 4], []],
      ['linear', 'pytorch_half_pixel', '', null, [1, 2, 1, 9], []],
      ['cubic', 'half_pixel', '', [1, 1, 2, 1.5], null, [attr.f('cubic_coeff_a', -0.5), attr.i('exclude_outside', 1)]],
      ['cubic', 'half_pixel_symmetric', '', null, [1, 2, 3, 4], [attr.i('antialias', 1)]],
      ['linear', 'half_pixel', '', null, [4, 9], [attr.ints('axes', [3, 2]), attr.s('keep_aspect_ratio_policy', 'not_larger')]],
    ];
    for (var [mode, ctm, nm, scales, sizes, extra] of cases) {
      var feeds: Feed[] = [X], ins = ['x', '', '', ''];
      if (scales) { feeds.push({ name: 's', dims: [scales.length], data: scales }); ins[2] = 's'; }
      if (sizes) { feeds.push({ name: 'z', dims: [sizes.length], data: sizes, int: true }); ins[3] = 'z'; }
      var attrs = [attr.s('mode', mode), attr.s('coordinate_transformation_mode', ctm), ...extra];
      if (nm) attrs.push(attr.s('nearest_mode', nm));
      // scales and sizes are initializers (parameters fixed in the model).
      var node = { op: 'Resize', inputs: ins, outputs: ['y'], attrs };
      var file = path.join(TMP, `r${count++}.onnx`);
      fs.writeFileSync(file, makeModel({ nodes: [node], opset: 19, inputs: [{ name: 'x', dims: X.dims }], outputs: [{ name: 'y', dims: [] }],
        inits: feeds.slice(1).map(f => f.int ? { name: f.name, dims: f.dims, ints: f.data } : { name: f.name, dims: f.dims, floats: f.data }) }));
      var ref = await (await ort.InferenceSession.create(file, { logSeverityLevel: 3 })).run({ x: new ort.Tensor('float32', Float32Array.from(X.data), X.dims) });
      var mf = { x: Float32Array.from(X.data) };
      compare(ref, ['y'], interpret(convertModel(readOnnx(file), {}).model, mf), 1e-5);
      compare(ref, ['y'], (await es5Loader())(convertToTnx(file, {}).tnx).run(mf), 1e-5);
    }
  });
  it('GridSample: modes and padding modes, 2-D and 3-D', async () => {
    for (var mode of ['linear', 'nearest', 'cubic']) for (var pad of ['zeros', 'border', 'reflection'])
      await check({ op: 'GridSample', inputs: ['x', 'g'], outputs: ['y'], attrs: [attr.s('mode', mode), attr.s('padding_mode', pad), attr.i('align_corners', pad === 'border' ? 1 : 0)] },
        [X, { name: 'g', dims: [1, 3, 4, 2], data: floats(24, -1.6, 1.6, 12) }], ['y'], 20);
    await check({ op: 'GridSample', inputs: ['x', 'g'], outputs: ['y'], attrs: [attr.s('padding_mode', 'reflection')] },
      [{ name: 'x', dims: [1, 2, 3, 4, 5], data: floats(120, -1, 1, 13) }, { name: 'g', dims: [1, 2, 2, 3, 3], data: floats(36, -1.5, 1.5, 14) }], ['y'], 20);
  });
  it('AffineGrid, RoiAlign, Col2Im, DepthToSpace, SpaceToDepth, CenterCropPad, Upsample', async () => {
    await check({ op: 'AffineGrid', inputs: ['t', 's'], outputs: ['g'], attrs: [attr.i('align_corners', 1)] },
      [{ name: 't', dims: [2, 2, 3], data: floats(12, -1, 1, 15) }, { name: 's', dims: [4], data: [2, 1, 3, 5], int: true }], ['g'], 20);
    for (var mode of ['avg', 'max'])
      await check({ op: 'RoiAlign', inputs: ['x', 'r', 'b'], outputs: ['y'], attrs: [attr.s('mode', mode), attr.i('output_height', 2), attr.i('output_width', 3), attr.f('spatial_scale', 0.5)] },
        [X, { name: 'r', dims: [2, 4], data: [0, 0, 9, 7, 2.5, 1.5, 12, 9] }, { name: 'b', dims: [2], data: [0, 0], int: true }], ['y'], 16);
    await check({ op: 'Col2Im', inputs: ['x', 'i', 'k'], outputs: ['y'], attrs: [attr.ints('strides', [2, 1]), attr.ints('pads', [1, 0, 1, 1]), attr.ints('dilations', [1, 2])] },
      [{ name: 'x', dims: [1, 12, 9], data: floats(108, -1, 1, 16) }, { name: 'i', dims: [2], data: [5, 6], int: true }, { name: 'k', dims: [2], data: [2, 3], int: true }], ['y'], 18);
    await check({ op: 'DepthToSpace', inputs: ['x'], outputs: ['y'], attrs: [attr.i('blocksize', 2), attr.s('mode', 'CRD')] },
      [{ name: 'x', dims: [1, 8, 2, 3], data: floats(48, -1, 1, 17) }], ['y'], 13, 0);
    await check({ op: 'SpaceToDepth', inputs: ['x'], outputs: ['y'], attrs: [attr.i('blocksize', 2)] },
      [{ name: 'x', dims: [2, 3, 4, 6], data: floats(144, -1, 1, 18) }], ['y'], 13, 0);
    await check({ op: 'CenterCropPad', inputs: ['x', 's'], outputs: ['y'], attrs: [attr.ints('axes', [-1, 2])] },
      [X, { name: 's', dims: [2], data: [4, 8], int: true }], ['y'], 18, 0);
    await check({ op: 'Upsample', inputs: ['x'], outputs: ['y'], attrs: [attr.s('mode', 'linear'), attr.floats('scales', [1, 1, 2, 1.5])] }, [X], ['y'], 7);
  });
});
