// Quantization and ai.onnx.ml kernels against onnxruntime on small models with deterministic
// pseudo-random inputs, both through the host interpreter and the shipped path (model.tnx run by
// one Espruino-profile (ES5) bundle of all these kernels, which must parse as ES5): integer
// outputs must match exactly, float outputs closely. Needs `npm run build` first.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { makeModel, TNode } from './onnxBuilder';
import * as acorn from 'acorn';
import { convertToTnx } from '../api/build';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { profileOf } from '../targets/profiles';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { interpret } from '../converter/interpret';
import { roundHalfEven } from '../device/kernels/quant/round';
import { ints, floats, attr, es5Loader as es5LoaderFor } from './kernelHarness';

var TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-quant-'));
var ELEM: Record<string, number> = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, float64: 11 };
var ARR: Record<string, any> = { float32: Float32Array, uint8: Uint8Array, int8: Int8Array, int32: Int32Array, int64: Int32Array, float64: Float64Array };

interface Feed { name: string; type: string; dims: number[]; data: number[] }
interface Out { name: string; type: string; dims: number[] }

// A deterministic generator in [0, 1).


var es5Loader = es5LoaderFor(['quant', 'ml']);

var count = 0;
async function check(node: TNode, feeds: Feed[], outs: Out[], opsets: Record<string, number>, tol = 1e-5) {
  var file = path.join(TMP, `m${count++}.onnx`);
  fs.writeFileSync(file, makeModel({ nodes: [node], opsets,
    inputs: feeds.map(f => ({ name: f.name, elemType: ELEM[f.type], dims: f.dims })),
    outputs: outs.map(o => ({ name: o.name, elemType: ELEM[o.type], dims: o.dims })) }));
  var sess = await ort.InferenceSession.create(file);
  var of: Record<string, ort.Tensor> = {};
  for (var f of feeds)
    of[f.name] = new ort.Tensor(f.type as any, f.type === 'int64' ? BigInt64Array.from(f.data.map(BigInt)) : new ARR[f.type](f.data), f.dims);
  var ref = await sess.run(of);
  var mf: Record<string, any> = {};
  for (var f of feeds) mf[f.name] = new ARR[f.type](f.data);
  var model = convertModel(readOnnx(file), {}).model;
  compare(ref, outs, interpret(model, mf), (name: string) => model.graph.values.get(name)!.shape, tol);
  var session = (await es5Loader())(convertToTnx(file, {}).tnx);
  compare(ref, outs, session.run(mf), (name: string) => session.outputs.find((x: any) => x.name === name).shape, tol);
}

function compare(ref: any, outs: Out[], got: Record<string, ArrayLike<number>>, shapeOf: (name: string) => number[], tol: number) {
  for (var o of outs) {
    var e = Array.from(ref[o.name].data as any, (v: any) => Number(v)), a = Array.from(got[o.name]);
    expect(shapeOf(o.name), o.name + ' shape').toEqual(ref[o.name].dims.map(Number));
    if (o.type === 'float32' || o.type === 'float64') {
      expect(a.length).toBe(e.length);
      for (var i = 0; i < a.length; i++)
        if (!(Math.abs(a[i] - e[i]) <= tol * Math.max(1, Math.abs(e[i]))) && !(Number.isNaN(a[i]) && Number.isNaN(e[i])))
          expect(a[i], `${o.name}[${i}]`).toBe(e[i]);
    } else expect(a, o.name).toEqual(e);
  }
}

var Q = { '': 21 }, ML = { '': 13, 'ai.onnx.ml': 3 };

describe('quant rounding', () => {
  it('rounds half to even without Math.round', () => {
    expect([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999, -2.5001, 4503599627370497].map(v => roundHalfEven(v) + 0))
      .toEqual([-4, -2, -2, 0, 0, 2, 2, 2, -3, 4503599627370497]);
  });
});

describe('quantization kernels vs onnxruntime', () => {
  it('QuantizeLinear per axis, ties and saturation, uint8 and int8', async () => {
    var x = [-300, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 300, 0.3, -0.7, 1.1, -5, 7.5, 12.25, -12.75, 0];
    for (var t of ['uint8', 'int8']) {
      await check({ op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['y'], attrs: [attr.i('axis', 1)] },
        [{ name: 'x', type: 'float32', dims: [2, 2, 4], data: x }, { name: 's', type: 'float32', dims: [2], data: [0.5, 1] },
         { name: 'z', type: t, dims: [2], data: [3, t === 'uint8' ? 128 : -1] }], [{ name: 'y', type: t, dims: [2, 2, 4] }], Q);
    }
  });
  it('DequantizeLinear per axis and blocked', async () => {
    await check({ op: 'DequantizeLinear', inputs: ['x', 's', 'z'], outputs: ['y'], attrs: [attr.i('axis', 0)] },
      [{ name: 'x', type: 'int8', dims: [3, 4], data: ints(12, -128, 127, 1) }, { name: 's', type: 'float32', dims: [3], data: [0.1, 0.02, 3] },
       { name: 'z', type: 'int8', dims: [3], data: [0, -5, 7] }], [{ name: 'y', type: 'float32', dims: [3, 4] }], Q);
    await check({ op: 'DequantizeLinear', inputs: ['x', 's', 'z'], outputs: ['y'], attrs: [attr.i('axis', 1), attr.i('block_size', 2)] },
      [{ name: 'x', type: 'uint8', dims: [2, 5], data: ints(10, 0, 255, 2) }, { name: 's', type: 'float32', dims: [2, 3], data: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] },
       { name: 'z', type: 'uint8', dims: [2, 3], data: [1, 2, 3, 4, 5, 6] }], [{ name: 'y', type: 'float32', dims: [2, 5] }], Q);
  });
  it('DynamicQuantizeLinear', async () => {
    await check({ op: 'DynamicQuantizeLinear', inputs: ['x'], outputs: ['y', 's', 'z'] },
      [{ name: 'x', type: 'float32', dims: [40], data: floats(40, -3, 7, 3) }],
      [{ name: 'y', type: 'uint8', dims: [40] }, { name: 's', type: 'float32', dims: [] }, { name: 'z', type: 'uint8', dims: [] }], { '': 11 });
  });
  it('QLinearConv: strides, pads, dilations, groups, per-channel weights, bias', async () => {
    var attrs = [attr.ints('strides', [2, 1]), attr.ints('pads', [1, 0, 2, 1]), attr.ints('dilations', [1, 2]), attr.i('group', 2)];
    await check({ op: 'QLinearConv', inputs: ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz', 'b'], outputs: ['y'], attrs },
      [{ name: 'x', type: 'uint8', dims: [2, 4, 7, 6], data: ints(336, 0, 255, 4) }, { name: 'xs', type: 'float32', dims: [], data: [0.02] },
       { name: 'xz', type: 'uint8', dims: [], data: [120] }, { name: 'w', type: 'int8', dims: [6, 2, 3, 2], data: ints(72, -100, 100, 5) },
       { name: 'ws', type: 'float32', dims: [6], data: [0.01, 0.02, 0.005, 0.03, 0.015, 0.025] },
       { name: 'wz', type: 'int8', dims: [6], data: [0, 0, 0, 0, 0, 0] }, { name: 'ys', type: 'float32', dims: [], data: [0.15] },
       { name: 'yz', type: 'uint8', dims: [], data: [100] }, { name: 'b', type: 'int32', dims: [6], data: ints(6, -2000, 2000, 6) }],
      [{ name: 'y', type: 'uint8', dims: [2, 6, 4, 5] }], { '': 10 });
  });
  it('QLinearConv 1-D with SAME_UPPER padding, int8', async () => {
    await check({ op: 'QLinearConv', inputs: ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz'], outputs: ['y'],
      attrs: [attr.s('auto_pad', 'SAME_UPPER'), attr.ints('strides', [2])] },
      [{ name: 'x', type: 'int8', dims: [1, 3, 9], data: ints(27, -128, 127, 7) }, { name: 'xs', type: 'float32', dims: [], data: [0.05] },
       { name: 'xz', type: 'int8', dims: [], data: [-3] }, { name: 'w', type: 'int8', dims: [2, 3, 4], data: ints(24, -128, 127, 8) },
       { name: 'ws', type: 'float32', dims: [], data: [0.01] }, { name: 'wz', type: 'int8', dims: [], data: [0] },
       { name: 'ys', type: 'float32', dims: [], data: [0.2] }, { name: 'yz', type: 'int8', dims: [], data: [5] }],
      [{ name: 'y', type: 'int8', dims: [1, 2, 5] }], { '': 10 });
  });
  it('ConvInteger with padding and a stride', async () => {
    await check({ op: 'ConvInteger', inputs: ['x', 'w', 'xz', 'wz'], outputs: ['y'], attrs: [attr.ints('pads', [1, 1, 1, 1]), attr.ints('strides', [2, 2])] },
      [{ name: 'x', type: 'uint8', dims: [1, 2, 5, 5], data: ints(50, 0, 255, 9) }, { name: 'w', type: 'uint8', dims: [3, 2, 3, 3], data: ints(54, 0, 255, 10) },
       { name: 'xz', type: 'uint8', dims: [], data: [7] }, { name: 'wz', type: 'uint8', dims: [], data: [130] }],
      [{ name: 'y', type: 'int32', dims: [1, 3, 3, 3] }], { '': 10 });
  });
  it('QLinearConv 3-D with SAME_LOWER padding', async () => {
    await check({ op: 'QLinearConv', inputs: ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz'], outputs: ['y'],
      attrs: [attr.s('auto_pad', 'SAME_LOWER')] },
      [{ name: 'x', type: 'uint8', dims: [1, 2, 3, 5, 4], data: ints(120, 0, 255, 21) }, { name: 'xs', type: 'float32', dims: [], data: [0.04] },
       { name: 'xz', type: 'uint8', dims: [], data: [128] }, { name: 'w', type: 'uint8', dims: [2, 2, 2, 2, 3], data: ints(48, 0, 255, 22) },
       { name: 'ws', type: 'float32', dims: [], data: [0.01] }, { name: 'wz', type: 'uint8', dims: [], data: [120] },
       { name: 'ys', type: 'float32', dims: [], data: [0.3] }, { name: 'yz', type: 'uint8', dims: [], data: [128] }],
      [{ name: 'y', type: 'uint8', dims: [1, 2, 3, 5, 4] }], { '': 10 });
  });
  it('MatMulInteger with batch broadcast and per-column b zero points', async () => {
    await check({ op: 'MatMulInteger', inputs: ['a', 'b', 'az', 'bz'], outputs: ['y'] },
      [{ name: 'a', type: 'uint8', dims: [2, 3, 5], data: ints(30, 0, 255, 11) }, { name: 'b', type: 'int8', dims: [5, 4], data: ints(20, -128, 127, 12) },
       { name: 'az', type: 'uint8', dims: [], data: [9] }, { name: 'bz', type: 'int8', dims: [4], data: [1, -2, 3, 0] }],
      [{ name: 'y', type: 'int32', dims: [2, 3, 4] }], { '': 10 });
  });
  it('QLinearMatMul with batches', async () => {
    await check({ op: 'QLinearMatMul', inputs: ['a', 'as', 'az', 'b', 'bs', 'bz', 'ys', 'yz'], outputs: ['y'] },
      [{ name: 'a', type: 'int8', dims: [2, 3, 6], data: ints(36, -128, 127, 13) }, { name: 'as', type: 'float32', dims: [], data: [0.03] },
       { name: 'az', type: 'int8', dims: [], data: [2] }, { name: 'b', type: 'int8', dims: [2, 6, 4], data: ints(48, -128, 127, 14) },
       { name: 'bs', type: 'float32', dims: [], data: [0.02] }, { name: 'bz', type: 'int8', dims: [], data: [-1] },
       { name: 'ys', type: 'float32', dims: [], data: [0.4] }, { name: 'yz', type: 'int8', dims: [], data: [-7] }],
      [{ name: 'y', type: 'int8', dims: [2, 3, 4] }], { '': 10 });
  });
});

// A 2-tree ensemble over 3 features; tree 1's root is a leaf's sibling chain with a BRANCH_GT.
var trees = {
  nodes_treeids: [0, 0, 0, 0, 0, 1, 1, 1], nodes_nodeids: [0, 1, 2, 3, 4, 0, 1, 2],
  nodes_featureids: [0, 1, 0, 0, 0, 2, 0, 0], nodes_values: [0.5, -1, 0, 0, 0, 0.25, 0, 0],
  nodes_modes: ['BRANCH_LEQ', 'BRANCH_LT', 'LEAF', 'LEAF', 'LEAF', 'BRANCH_GT', 'LEAF', 'LEAF'],
  nodes_truenodeids: [1, 3, 0, 0, 0, 1, 0, 0], nodes_falsenodeids: [2, 4, 0, 0, 0, 2, 0, 0],
};
function treeAttrs(prefix: string, ids: number[], nodeids: number[], treeids: number[], weights: number[]) {
  return [attr.ints('nodes_treeids', trees.nodes_treeids), attr.ints('nodes_nodeids', trees.nodes_nodeids),
    attr.ints('nodes_featureids', trees.nodes_featureids), attr.floats('nodes_values', trees.nodes_values),
    attr.strings('nodes_modes', trees.nodes_modes), attr.ints('nodes_truenodeids', trees.nodes_truenodeids),
    attr.ints('nodes_falsenodeids', trees.nodes_falsenodeids), attr.ints(prefix + '_ids', ids), attr.ints(prefix + '_nodeids', nodeids),
    attr.ints(prefix + '_treeids', treeids), attr.floats(prefix + '_weights', weights)];
}
var X = { name: 'x', type: 'float32', dims: [6, 3], data: [0.1, -2, 0.3, 0.6, 0, 0.1, 0.5, -1, 0.25, -3, 5, 1, 2, -0.5, -1, 0.4, -1.5, 0.26] };

describe('ai.onnx.ml kernels vs onnxruntime', () => {
  it('TreeEnsembleRegressor: SUM, AVERAGE and MAX with base values', async () => {
    for (var agg of ['SUM', 'AVERAGE', 'MAX']) {
      await check({ op: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'],
        attrs: [...treeAttrs('target', [0, 1, 0, 1, 0, 1], [2, 3, 4, 4, 1, 2], [0, 0, 0, 0, 1, 1], [1.5, -2, 3, 0.25, 10, -4]),
          attr.i('n_targets', 2), attr.s('aggregate_function', agg), attr.floats('base_values', [0.5, -0.5])] },
        [X], [{ name: 'y', type: 'float32', dims: [6, 2] }], ML);
    }
  });
  it('TreeEnsembleClassifier: three classes with SOFTMAX, binary with LOGISTIC, binary with positive weights', async () => {
    await check({ op: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [...treeAttrs('class', [1, 1, 1, 1, 1], [2, 3, 4, 1, 2], [0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.05]),
        attr.ints('classlabels_int64s', [4, 7])] },
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 2] }], ML);
    await check({ op: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [...treeAttrs('class', [0, 1, 2, 2, 0, 1], [2, 3, 4, 4, 1, 2], [0, 0, 0, 0, 1, 1], [1.5, -2, 3, 0.25, 1, -4]),
        attr.ints('classlabels_int64s', [10, 20, 30]), attr.s('post_transform', 'SOFTMAX')] },
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 3] }], ML);
    await check({ op: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [...treeAttrs('class', [0, 0, 0, 0, 0], [2, 3, 4, 1, 2], [0, 0, 0, 1, 1], [1.5, -2, 3, 1, -4]),
        attr.ints('classlabels_int64s', [0, 1]), attr.s('post_transform', 'LOGISTIC')] },
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 2] }], ML);
  });
  it('LinearClassifier (multiclass SOFTMAX, binary) and LinearRegressor', async () => {
    await check({ op: 'LinearClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [attr.floats('coefficients', floats(9, -1, 1, 15)), attr.floats('intercepts', [0.1, -0.2, 0.3]),
        attr.ints('classlabels_ints', [1, 2, 3]), attr.s('post_transform', 'SOFTMAX')] },
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 3] }], ML);
    await check({ op: 'LinearClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [attr.floats('coefficients', [0.5, -1, 2]), attr.floats('intercepts', [0.1]), attr.ints('classlabels_ints', [0, 1])] },
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 2] }], ML);
    await check({ op: 'LinearRegressor', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'],
      attrs: [attr.floats('coefficients', floats(6, -1, 1, 16)), attr.floats('intercepts', [0.1, -0.2]), attr.i('targets', 2)] },
      [X], [{ name: 'y', type: 'float32', dims: [6, 2] }], ML);
  });
  it('Normalizer, Scaler, Imputer', async () => {
    for (var norm of ['MAX', 'L1', 'L2'])
      await check({ op: 'Normalizer', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'], attrs: [attr.s('norm', norm)] },
        [X], [{ name: 'y', type: 'float32', dims: [6, 3] }], ML);
    await check({ op: 'Scaler', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'], attrs: [attr.floats('offset', [1, 2, 3]), attr.floats('scale', [0.5, 2, -1])] },
      [X], [{ name: 'y', type: 'float32', dims: [6, 3] }], ML);
    await check({ op: 'Imputer', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'],
      attrs: [attr.floats('imputed_value_floats', [7, 8, 9]), attr.f('replaced_value_float', -1)] },
      [{ ...X, data: X.data.map((v, i) => i % 4 === 0 ? -1 : v) }], [{ name: 'y', type: 'float32', dims: [6, 3] }], ML);
  });
  it('OneHotEncoder and LabelEncoder on numbers', async () => {
    await check({ op: 'OneHotEncoder', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'], attrs: [attr.ints('cats_int64s', [3, 1, 4, 5])] },
      [{ name: 'x', type: 'int64', dims: [2, 3], data: [1, 5, 9, 4, 3, 3] }], [{ name: 'y', type: 'float32', dims: [2, 3, 4] }], ML);
    await check({ op: 'LabelEncoder', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'],
      attrs: [attr.ints('keys_int64s', [7, -2, 40]), attr.floats('values_floats', [0.5, 1.5, -3]), attr.f('default_float', 42)] },
      [{ name: 'x', type: 'int64', dims: [5], data: [40, 7, 0, -2, 8] }], [{ name: 'y', type: 'float32', dims: [5] }], { '': 13, 'ai.onnx.ml': 2 });
  });
  it('SVMRegressor (RBF, linear) and SVMClassifier (libsvm with and without probabilities, liblinear)', async () => {
    var sv = floats(12, -1, 1, 17), kp = (t: string, p: number[]) => [attr.s('kernel_type', t), attr.floats('kernel_params', p)];
    await check({ op: 'SVMRegressor', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'],
      attrs: [...kp('RBF', [0.7, 0, 0]), attr.i('n_supports', 4), attr.floats('support_vectors', sv),
        attr.floats('coefficients', [0.5, -1, 2, 0.25]), attr.floats('rho', [0.3])] },
      [X], [{ name: 'y', type: 'float32', dims: [6, 1] }], ML);
    await check({ op: 'SVMRegressor', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'],
      attrs: [...kp('LINEAR', [0, 0, 0]), attr.floats('coefficients', [0.5, -1, 2]), attr.floats('rho', [0.3])] },
      [X], [{ name: 'y', type: 'float32', dims: [6, 1] }], ML);
    var svc = (C: number, vpc: number[], kernel: any[], extra: any[]) => ({ op: 'SVMClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [...kernel, attr.ints('classlabels_ints', [5, 6, 7].slice(0, C)), attr.ints('vectors_per_class', vpc),
        attr.floats('support_vectors', sv), attr.floats('coefficients', floats((C - 1) * 4, -1, 1, 18)),
        attr.floats('rho', floats(C * (C - 1) / 2, -0.5, 0.5, 19)), ...extra] });
    await check(svc(3, [1, 2, 1], kp('RBF', [0.5, 0, 0]), [attr.floats('prob_a', [-2, -1.5, -3]), attr.floats('prob_b', [0.1, -0.2, 0.05])]),
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 3] }], ML, 1e-3);
    await check(svc(3, [1, 2, 1], kp('POLY', [0.5, 1, 3]), []),
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 3] }], ML);
    await check(svc(2, [3, 1], kp('SIGMOID', [0.5, 0.2, 0]), []),
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 2] }], ML);
    await check({ op: 'SVMClassifier', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['label', 'p'],
      attrs: [...kp('LINEAR', [0, 0, 0]), attr.ints('classlabels_ints', [1, 2, 3]), attr.floats('coefficients', floats(9, -1, 1, 20)), attr.floats('rho', [0.1]),
        attr.s('post_transform', 'LOGISTIC')] },
      [X], [{ name: 'label', type: 'int64', dims: [6] }, { name: 'p', type: 'float32', dims: [6, 3] }], ML);
  });
});
