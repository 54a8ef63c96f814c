// --quantize dynamic: activations quantized at run time (onnxruntime's quantize_dynamic form,
// DynamicQuantizeLinear → ConvInteger/MatMulInteger → Cast → Mul → Add → activation), fused
// into tinyonnx.int8 DynQConv / DynQMatMul.
// - the core's DynQConv and DynQMatMul against the JS kernels, byte for byte, over shapes and
//   parameters (odd channel counts, groups, strides, pads, planes and columns not a multiple of
//   4, per-tensor and per-channel scales, weight zero points, bias or none, LeakyRelu, clamps);
// - embedding_model and alexa_v0.1: --emit-qdq writes the dynamic form, and onnxruntime-node
//   running it (no graph optimizations: each op as the ONNX spec defines it) is the reference:
//   our outputs within 1e-5 abs + 1e-4 rel of its, in the --wasm off build and on the core, and
//   the two builds' outputs byte-identical; the accuracy report measures the dynamic model.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { build } from '../api/build';
import { assembleCore } from '../targets/wasm/assemble';
import { installCore } from '../device/wasm/core';
import { prepare as wasmConv } from '../device/wasm/DynQConv';
import { prepare as wasmMatMul } from '../device/wasm/DynQMatMul';
import { prepare as jsConv, infer as inferConv } from '../device/kernels/int8/DynQConv';
import { prepare as jsMatMul, infer as inferMatMul } from '../device/kernels/int8/DynQMatMul';
import { readOnnx } from '../converter/readOnnx';
import { ARRAY_OF, sizeOf } from '../device/dtype';
import { seededRandom } from '../base/inputs';
import { modelSpec, randomFeeds } from './models';
import { TMP } from './buildCache';

var INT8 = 3, FLOAT = 1;

function floats(n: number, rnd: () => number, scale: number, offset: number): Float32Array {
  var a = new Float32Array(n);
  for (var i = 0; i < n; i++) a[i] = (rnd() * 2 - 1) * scale + offset;
  return a;
}

function weights(n: number, rnd: () => number): Int8Array {
  var a = new Int8Array(n);
  for (var i = 0; i < n; i++) a[i] = Math.floor(rnd() * 255) - 127;
  return a;
}

function freshNode(op: string, inputs: any[], attrs: any, infer: any) {
  var t = infer({ op, name: 'n', opset: 1, inputs, attrs, numOutputs: 1, graphs: {} })[0];
  return { op, name: 'n', opset: 1, inputs, attrs, graphs: {}, outputs: [{ dtype: t.dtype, shape: t.shape, data: new (ARRAY_OF[t.dtype]!)(sizeOf(t.shape)), quant: null }] };
}

// Two evals (the second must not depend on state left by the first), the output's bytes; and
// the number of core instances made (1: it ran on the core, 0: it fell back to the JS kernel).
function runKernel(prepare: (node: any) => () => void, node: any): { bytes: Buffer; cores: number } {
  var saved = (globalThis as any).WebAssembly, Instance = saved.Instance, made = 0;
  (globalThis as any).WebAssembly = { validate: saved.validate, Module: saved.Module, Memory: saved.Memory,
    Instance: function (m: any, i: any) { made++; return new Instance(m, i); } };
  try {
    var out = node.outputs[0], ev = prepare(node);
    out.data.fill(0); ev(); ev();
  } finally { (globalThis as any).WebAssembly = saved; }
  return { bytes: Buffer.from(out.data.buffer.slice(0)), cores: made };
}

// The epilogue variants: [bias, alpha, act_min, act_max, per-channel scales, weight zero points].
var VARIANTS: [boolean, number | undefined, number | undefined, number | undefined, boolean, boolean][] = [
  [true, undefined, undefined, undefined, true, false],
  [false, undefined, 0, undefined, false, false],
  [true, 0.2, -0.4, undefined, true, false],
  [true, undefined, -1, 6, true, true],
  [false, 0.1, undefined, undefined, true, true],
];

function epilogue(attrs: any, v: (typeof VARIANTS)[0], C: number, rnd: () => number, scaleName: string, zpName: string) {
  attrs[scaleName] = Array.from({ length: v[4] ? C : 1 }, () => Math.fround(0.002 + rnd() * 0.02));
  if (v[1] !== undefined) attrs.alpha = Math.fround(v[1]);
  if (v[2] !== undefined) attrs.act_min = Math.fround(v[2]);
  if (v[3] !== undefined) attrs.act_max = Math.fround(v[3]);
  if (v[5]) attrs[zpName] = Array.from({ length: C }, () => Math.floor(rnd() * 5) - 2);
}

describe('DynQConv and DynQMatMul on the core equal the JS kernels byte for byte', () => {
  it('DynQConv over shapes, geometries and parameters', async () => {
    installCore(Buffer.from((await assembleCore(['dyn_f32', 'dyn_conv', 'qgemm_i16', 'w2_i16'])).bytes).toString('base64'));   // with the integer Winograd for the 3-tap cases
    var rnd = seededRandom(5), cases = 0;
    var geoms = [
      { x: [1, 1, 9, 7], w: [5, 1, 3, 3], a: {} },
      { x: [1, 3, 10, 10], w: [8, 3, 3, 3], a: { pads: [1, 1, 1, 1] } },
      { x: [2, 4, 9, 11], w: [8, 2, 3, 3], a: { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] } },
      { x: [1, 6, 5, 13], w: [7, 6, 1, 1], a: {} },
      { x: [1, 4, 21], w: [5, 4, 3], a: { pads: [1, 1], strides: [2] } },
      { x: [1, 24, 20, 8], w: [32, 24, 1, 3], a: { pads: [0, 1, 0, 1] } },
      { x: [1, 5, 40, 30], w: [6, 5, 3, 3], a: {} },          // several bands of rows
      { x: [1, 7, 11, 10], w: [6, 7, 3, 1], a: {} },          // integer Winograd along H: an odd channel count, ghost lanes
      { x: [2, 5, 8, 12], w: [9, 5, 3, 1], a: { pads: [1, 0, 1, 0] } },   // ... padded, a batch of 2
    ];
    for (var g of geoms) for (var v of VARIANTS) {
      var M = g.w[0], offset = cases % 3 === 0 ? 0.7 : cases % 3 === 1 ? -0.5 : 0;   // ranges all above, below, around 0
      var X = { dtype: FLOAT, shape: g.x, data: floats(sizeOf(g.x), rnd, 2, offset), quant: null };
      var W = { dtype: INT8, shape: g.w, data: weights(sizeOf(g.w), rnd), quant: null };
      var attrs: any = { ...g.a, kernel_shape: g.w.slice(2) };
      epilogue(attrs, v, M, rnd, 'w_scale', 'w_zero_point');
      var inputs: any[] = [X, W];
      if (v[0]) inputs.push({ dtype: FLOAT, shape: [M], data: floats(M, rnd, 1, 0), quant: null });
      var want = runKernel(jsConv, freshNode('DynQConv', inputs, attrs, inferConv));
      var got = runKernel(wasmConv, freshNode('DynQConv', inputs, attrs, inferConv));
      expect(got.cores, 'on the core').toBe(1);
      expect(got.bytes.equals(want.bytes), `x [${g.x}] w [${g.w}] ${JSON.stringify(g.a)} variant ${VARIANTS.indexOf(v)}`).toBe(true);
      cases++;
    }
    expect(cases).toBe(geoms.length * VARIANTS.length);
  });

  it('DynQMatMul over shapes and parameters', async () => {
    installCore(Buffer.from((await assembleCore(['dyn_f32', 'dyn_mm', 'qgemm_i16'])).bytes).toString('base64'));
    var rnd = seededRandom(6), cases = 0;
    var shapes: [number[], number][] = [[[1, 1536], 128], [[1, 7], 5], [[3, 33], 9], [[5, 64], 16], [[2, 4, 17], 13], [[6, 96], 96]];
    for (var s of shapes) for (var v of VARIANTS) {
      var K = s[0][s[0].length - 1], N = s[1], offset = cases % 3 === 0 ? 0.7 : cases % 3 === 1 ? -0.5 : 0;
      var A = { dtype: FLOAT, shape: s[0], data: floats(sizeOf(s[0]), rnd, 3, offset), quant: null };
      var B = { dtype: INT8, shape: [N, K], data: weights(N * K, rnd), quant: null };
      var attrs: any = {};
      epilogue(attrs, v, N, rnd, 'b_scale', 'b_zero_point');
      var inputs: any[] = [A, B];
      if (v[0]) inputs.push({ dtype: FLOAT, shape: [N], data: floats(N, rnd, 1, 0), quant: null });
      var want = runKernel(jsMatMul, freshNode('DynQMatMul', inputs, attrs, inferMatMul));
      var got = runKernel(wasmMatMul, freshNode('DynQMatMul', inputs, attrs, inferMatMul));
      expect(got.cores, 'on the core').toBe(1);
      expect(got.bytes.equals(want.bytes), `a [${s[0]}] N ${N} variant ${VARIANTS.indexOf(v)}`).toBe(true);
      cases++;
    }
    expect(cases).toBe(shapes.length * VARIANTS.length);
  });
});

describe.each([['embedding_model', 'DynQConv', 'ConvInteger'], ['alexa_v0.1', 'DynQMatMul', 'MatMulInteger']])('--quantize dynamic %s', (name, kernel, intOp) => {
  it(`runs ${kernel}; onnxruntime on the emitted dynamic form agrees within 1e-5 + 1e-4 rel, in JS and on the core; the two builds byte for byte`, async () => {
    var spec = modelSpec(name), dirs = [path.join(TMP, `dyn-${name}-js`), path.join(TMP, `dyn-${name}-wasm`)];
    var qdq = path.join(dirs[0], 'dynamic.onnx'), sessions: any[] = [];
    for (var i = 0; i < 2; i++) {
      var r = await build({ input: spec.file, outDir: dirs[i], shapes: spec.shapes, consts: spec.consts, wasm: i === 1,
        quantize: { mode: 'dynamic', emitQdq: i === 0 ? qdq : undefined } });
      var kernels: string[] = JSON.parse(fs.readFileSync(path.join(dirs[i], 'ops.json'), 'utf8')).kernels;
      expect(kernels).toContain(`int8/${kernel}`);
      expect(kernels.filter(k => /^nn\/(Conv|Gemm|MatMul)$|^int8\/W/.test(k))).toEqual([]);
      if (i === 1) expect(Object.keys((r.report as any).wasm.routines).sort()).toEqual(name === 'embedding_model' ? ['dyn_conv', 'dyn_f32', 'maxpool_f32', 'qgemm_i16', 'w2_i16', 'w2base'] : ['dyn_f32', 'dyn_mm', 'qgemm_i16']);
      sessions.push(require(path.join(dirs[i], 'runtime.cjs')).load(fs.readFileSync(path.join(dirs[i], 'model.tnx'))));
    }
    var ops = readOnnx(qdq).graph.nodes.map(n => n.op);
    expect(ops).toContain('DynamicQuantizeLinear');
    expect(ops).toContain(intOp);
    expect(ops.filter(o => o === 'Conv' || o === 'Gemm' || o === 'MatMul')).toEqual([]);
    var ref = await ort.InferenceSession.create(qdq, { graphOptimizationLevel: 'disabled' }), checked = 0;
    for (var seed = 1; seed <= 6; seed++) {
      var f = randomFeeds(spec, seed, seed > 3 ? 4 : 1), feeds: Record<string, ort.Tensor> = {};
      for (var k in f) feeds[k] = new ort.Tensor('float32', f[k], spec.inputs[k].shape);
      var want = await ref.run(feeds), js = sessions[0].run(f), core = sessions[1].run(f);
      for (var o in want) {
        var w = want[o].data as Float32Array;
        for (var ours of [js[o], core[o]]) for (var j = 0; j < w.length; j++) {
          expect(Math.abs(ours[j] - w[j]), `${o}[${j}] seed ${seed}: ours ${ours[j]}, onnxruntime ${w[j]}`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(w[j]));
          checked++;
        }
        expect(Buffer.from(core[o].buffer).equals(Buffer.from(js[o].buffer)), `${o} seed ${seed}: core vs JS`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(0);
    // the accuracy report: the dynamic model (the kernels as built) against the float model
    var rep = JSON.parse(fs.readFileSync(path.join(dirs[0], 'size-report.json'), 'utf8')).accuracy;
    expect(rep.mode).toBe('dynamic');
    for (var o in rep.outputs) expect(rep.outputs[o].snrDb).toBeGreaterThan(20);
    expect(rep.tensors.length).toBeGreaterThan(0);
  }, 300000);
});
