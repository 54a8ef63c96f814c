// The int8 routines of the wasm core (targets/wasm/int8Wat.ts: the integer GEMM and the
// requantization; device/wasm/QConv.ts, QMatMul.ts): bit for bit the JS int8 kernels' bytes.
// - the core's requantization against BigInt round-half-even, ties and extremes included;
// - QConv and QMatMul on the core against the JS kernels over a range of shapes and parameters
//   (pads, strides, dilations, groups, odd K, column counts not a multiple of 4, uint8 and int8,
//   zero points, per-channel scales, bias or none, fused LeakyRelu, fused table);
// - static int8 builds of embedding_model and alexa_v0.1: the wasm build's outputs equal the
//   --wasm off build's byte for byte, in Node and (the webview bundle) in headless Chromium; the
//   core holds only the int8 routines the model uses; builds are byte-identical run to run.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { build } from '../api/build';
import { assembleCore } from '../targets/wasm/assemble';
import { installCore } from '../device/wasm/core';
import { prepare as wasmQConv } from '../device/wasm/QConv';
import { prepare as wasmQMatMul } from '../device/wasm/QMatMul';
import { prepare as jsQConv, infer as inferQConv } from '../device/kernels/int8/QConv';
import { prepare as jsQMatMul, infer as inferQMatMul } from '../device/kernels/int8/QMatMul';
import { prepare as wasmQuantize } from '../device/wasm/QuantizeLinear';
import { prepare as wasmMaxPool } from '../device/wasm/QMaxPool';
import { prepare as jsMaxPool, infer as inferMaxPool } from '../device/kernels/int8/QMaxPool';
import { prepare as jsQuantize } from '../device/kernels/quant/QuantizeLinear';
import { ARRAY_OF, sizeOf } from '../device/dtype';
import { seededRandom } from '../base/inputs';
import { modelSpec, randomFeeds, ModelSpec } from './models';
import { writeNpy } from './int8-helpers';
import { TMP } from './buildCache';
import { ChromiumEngine, haveChromium } from '../targets/engines/chromium';
import { modelIO } from '../targets/engines/index';

var INT8 = 3, UINT8 = 2;

async function coreBytes(names: string[]) { return (await assembleCore(names)).bytes; }

// Runs fn with WebAssembly.Instance watched: the number of core instances made.
function countingCores(fn: () => void): number {
  var saved = (globalThis as any).WebAssembly, Instance = saved.Instance, made = 0;
  (globalThis as any).WebAssembly = { validate: saved.validate, Module: saved.Module, Memory: saved.Memory,
    Instance: function (m: any, i: any) { made++; return new Instance(m, i); } };
  try { fn(); } finally { (globalThis as any).WebAssembly = saved; }
  return made;
}

describe('the core\'s requantization', () => {
  function ref(acc: number, m: number, s: number): bigint {
    var p = BigInt(acc) * BigInt(m), d = 1n << BigInt(s), q = p / d, r = p % d;
    if (r < 0n) { r += d; q -= 1n; }
    if (2n * r > d || (2n * r === d && q % 2n !== 0n)) q += 1n;
    return q;
  }

  // n = 1021: 63 steps of the vector part (16 at a time) and 13 of the scalar loop; odd trials
  // store uint8 (zero point 130, clamp [0, 255]), trial 5 has no negative multiplier (a Relu),
  // trials 3 and 4 go through a fused table (256 random bytes at PT; entry value + 128 for int8),
  // trial 6 puts -2^31 on a tie (at s = 47: -2^31 * 3 * 2^15 / 2^47 = -1.5)
  it('is round half to even of acc * m / 2^s, exactly, for int32 accumulators, shifts 17..62, ties and extremes', async () => {
    var mod = new WebAssembly.Module(await coreBytes(['rq_i8']));
    var mem = new WebAssembly.Memory({ initial: 1 }), rq = (new WebAssembly.Instance(mod, { m: { mem } }).exports as any).rq;
    var i32 = new Int32Array(mem.buffer), u8 = new Uint8Array(mem.buffer), rnd = seededRandom(3), n = 1021, checked = 0, ties = 0;
    var PA = 4096, PY = 16, PM = 8192, PN = 8196, PS = 8200, PT = 8448;
    for (var i = 0; i < 256; i++) u8[PT + i] = Math.floor(rnd() * 256);
    for (var s = 17; s <= 62; s++) for (var trial = 0; trial < 7; trial++) {
      var m = trial === 0 ? 1073741824 : trial === 1 ? 2147483647 : trial === 6 ? 98304 : Math.floor(rnd() * 2147483648);
      var mn = trial === 5 ? 0 : trial === 6 ? m : Math.floor(m / 5), zp = trial % 2 ? 130 : 3, lo = trial % 2 ? 0 : -100, hi = trial % 2 ? 255 : 110;
      i32[PM >> 2] = m; i32[PN >> 2] = mn; i32[PS >> 2] = s;
      var accs: number[] = [];
      for (var j = 0; j < n; j++) {
        var mag = Math.pow(2, rnd() * 31), a = Math.floor(rnd() < 0.5 ? -mag : mag);
        if (j < 4) a = [2147483647, -2147483647, -2147483648, 0][j];
        // near ties: acc * m a multiple of 2^(s-1) when m is a power of two
        if (trial === 0 && j % 3 === 0 && s <= 48) a = (j * 7919 % 2 ? -1 : 1) * (Math.floor(rnd() * 64) * 2 + 1) * Math.pow(2, Math.max(0, s - 31));
        if (a > 2147483647) a = 2147483647;
        if (a < -2147483648) a = -2147483648;
        accs.push(a); i32[(PA >> 2) + j] = a;
      }
      // the low byte of the clamped value
      var table = trial === 3 || trial === 4, toff = trial % 2 ? 0 : 128;
      rq(PA, n, PY, PM, PN, PS, 0, zp, lo, hi, table ? PT : 0, toff);
      for (var j = 0; j < n; j++) {
        var q = ref(accs[j], accs[j] < 0 ? mn : m, s) + BigInt(zp);
        var c = q < BigInt(lo) ? lo : q > BigInt(hi) ? hi : Number(q);
        if (table) c = u8[PT + c + toff];
        if (u8[PY + j] !== (c & 255)) throw new Error(`acc ${accs[j]} m ${m} s ${s}: core ${u8[PY + j]}, expected ${c & 255}`);
        var p = BigInt(accs[j]) * BigInt(accs[j] < 0 ? mn : m);
        if (p % (1n << BigInt(s)) === 1n << BigInt(s - 1)) ties++;
        checked++;
      }
    }
    expect(checked).toBe(46 * 7 * n);
    expect(ties, 'exact ties reached').toBeGreaterThan(1000);
  });
});

// A random tensor of an int8 type.
function ints(dtype: number, n: number, rnd: () => number, lo?: number, hi?: number): Int8Array | Uint8Array {
  var a = new (dtype === UINT8 ? Uint8Array : Int8Array)(n), l = lo !== undefined ? lo : dtype === UINT8 ? 0 : -128, h = hi !== undefined ? hi : dtype === UINT8 ? 255 : 127;
  for (var i = 0; i < n; i++) a[i] = l + Math.floor(rnd() * (h - l + 1));
  return a;
}

// Requantization parameters that keep most outputs off the clamp: acc * m / 2^s ~ a few dozen.
function rqAttrs(channels: number, K: number, rnd: () => number, per: boolean) {
  var n = per ? channels : 1, mult: number[] = [], shift: number[] = [];
  var s = Math.max(17, Math.round(Math.log2(Math.sqrt(K) * 128 * 64) + 30 - 5));
  for (var i = 0; i < n; i++) { mult.push(1073741824 + Math.floor(rnd() * 1073741823)); shift.push(s + (per ? Math.floor(rnd() * 2) : 0)); }
  return { multiplier: mult, shift };
}

function runKernel(prepare: (node: any) => () => void, node: any): Uint8Array {
  var out = node.outputs[0], ev = prepare(node);
  out.data.fill(0); ev(); ev();
  return new Uint8Array(out.data.buffer.slice(0));
}

function freshNode(op: string, inputs: any[], attrs: any, infer: any) {
  var t = infer({ op, name: 'n', opset: 1, inputs, attrs, numOutputs: 1, graphs: {} })[0];
  return { op, name: 'n', opset: 1, inputs, attrs, graphs: {}, outputs: [{ dtype: t.dtype, shape: t.shape, data: new (ARRAY_OF[t.dtype]!)(sizeOf(t.shape)), quant: null }] };
}

describe('QConv and QMatMul on the core equal the JS kernels byte for byte', () => {
  it('QConv over shapes, geometries and parameters', async () => {
    installCore(Buffer.from(await coreBytes(['qgemm_i16', 'rq_i8', 'cols_i16', 'w2_i16'])).toString('base64'));   // w2_i16: the 3-tap cases run the integer Winograd
    var rnd = seededRandom(11), cases = 0;
    var geoms = [
      { x: [1, 1, 9, 7], w: [5, 1, 3, 3], a: {} },
      { x: [1, 3, 10, 10], w: [8, 3, 3, 3], a: { pads: [1, 1, 1, 1] } },
      { x: [2, 4, 9, 11], w: [8, 2, 3, 3], a: { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] } },
      { x: [1, 8, 7, 7], w: [8, 1, 3, 3], a: { group: 8, dilations: [2, 2], pads: [2, 2, 2, 2] } },
      { x: [1, 6, 5, 13], w: [7, 6, 1, 1], a: {} },
      { x: [1, 4, 20], w: [5, 4, 3], a: { pads: [1, 1], strides: [2] } },
      { x: [1, 24, 20, 8], w: [32, 24, 1, 3], a: { pads: [0, 1, 0, 1] } },
      { x: [1, 16, 6, 6], w: [12, 16, 3, 3], a: { pads: [1, 0, 1, 2] } },
      { x: [1, 5, 40, 30], w: [6, 5, 3, 3], a: {} },          // several bands of rows
      { x: [1, 3, 4, 4, 4], w: [4, 3, 2, 2, 2], a: {} },      // 3-D
      { x: [1, 7, 11, 10], w: [6, 7, 3, 1], a: {} },          // integer Winograd along H: an odd channel count, ghost lanes
      { x: [2, 5, 8, 12], w: [9, 5, 3, 1], a: { pads: [1, 0, 1, 0] } },   // ... padded, a batch of 2
    ];
    for (var g of geoms) for (var variant = 0; variant < 6; variant++) {
      var xdt = variant % 2 ? UINT8 : INT8, per = variant >= 2, K = g.w.slice(1).reduce((p, q) => p * q, 1);
      var M = g.w[0], X = { dtype: xdt, shape: g.x, data: ints(xdt, sizeOf(g.x), rnd), quant: null };
      var W = { dtype: INT8, shape: g.w, data: ints(INT8, sizeOf(g.w), rnd, -127, 127), quant: null };
      var attrs: any = { ...g.a, kernel_shape: g.w.slice(2), x_zero_point: xdt === UINT8 ? 128 + Math.floor(rnd() * 20) : Math.floor(rnd() * 20) - 10,
        y_zero_point: Math.floor(rnd() * 20) - 10, output_dtype: INT8, ...rqAttrs(M, K, rnd, per) };
      if (variant !== 1) attrs.bias = Array.from({ length: M }, () => Math.floor((rnd() * 2 - 1) * 40000));
      if (per) attrs.w_zero_point = Array.from({ length: M }, () => Math.floor(rnd() * 5) - 2);
      if (variant === 3) { attrs.alpha_multiplier = 1677722; attrs.alpha_shift = 23; }
      if (variant === 4) { attrs.act_min = -20; attrs.act_max = 90; }
      var inputs: any[] = [X, W];
      if (variant === 5) { inputs.push({ dtype: UINT8, shape: [256], data: ints(UINT8, 256, rnd), quant: null }); }
      var a = runKernel(jsQConv, freshNode('QConv', inputs, attrs, inferQConv)), b: Uint8Array = new Uint8Array(0);
      var made = countingCores(() => { b = runKernel(wasmQConv, freshNode('QConv', inputs, attrs, inferQConv)); });
      expect(made, `${JSON.stringify(g)} variant ${variant}: ran on the core`).toBe(1);
      expect(Buffer.from(b).equals(Buffer.from(a)), `${JSON.stringify(g)} variant ${variant}`).toBe(true);
      expect(new Set(a).size, 'the outputs move').toBeGreaterThan(variant === 5 ? 10 : 20);
      cases++;
    }
    expect(cases).toBe(72);
  }, 60000);

  it('QMatMul over shapes (matrix-vector, odd K, N not a multiple of 4, transB 0 and 1) and parameters', async () => {
    installCore(Buffer.from(await coreBytes(['qgemm_i16', 'rq_i8', 'widen_i8'])).toString('base64'));
    var rnd = seededRandom(12), cases = 0;
    var shapes = [[1, 1536, 128], [1, 128, 128], [1, 96, 1], [3, 13, 7], [5, 64, 33], [2, 3, 31, 9], [7, 1, 5], [16, 200, 40]];
    for (var sh of shapes) for (var variant = 0; variant < 6; variant++) {
      var N = sh[sh.length - 1], K = sh[sh.length - 2], aShape = sh.slice(0, sh.length - 2).concat([K]);
      var adt = variant % 2 ? UINT8 : INT8, per = variant >= 2, tB = variant % 3 !== 0 ? 1 : 0;
      var A = { dtype: adt, shape: aShape, data: ints(adt, sizeOf(aShape), rnd), quant: null };
      var B = { dtype: INT8, shape: tB ? [N, K] : [K, N], data: ints(INT8, K * N, rnd, -127, 127), quant: null };
      var attrs: any = { transB: tB, a_zero_point: adt === UINT8 ? 120 + Math.floor(rnd() * 20) : Math.floor(rnd() * 20) - 10,
        y_zero_point: Math.floor(rnd() * 20) - 10, output_dtype: variant === 4 ? UINT8 : INT8, ...rqAttrs(N, K, rnd, per) };
      if (variant !== 1) attrs.bias = Array.from({ length: N }, () => Math.floor((rnd() * 2 - 1) * 40000));
      if (per) attrs.b_zero_point = Array.from({ length: N }, () => Math.floor(rnd() * 5) - 2);
      if (variant === 3) { attrs.alpha_multiplier = 1677722; attrs.alpha_shift = 23; }
      var inputs: any[] = [A, B];
      if (variant === 5) inputs.push({ dtype: INT8, shape: [256], data: ints(INT8, 256, rnd), quant: null });
      var a = runKernel(jsQMatMul, freshNode('QMatMul', inputs, attrs, inferQMatMul)), b: Uint8Array = new Uint8Array(0);
      var made = countingCores(() => { b = runKernel(wasmQMatMul, freshNode('QMatMul', inputs, attrs, inferQMatMul)); });
      expect(made, `${sh} variant ${variant}: ran on the core`).toBe(1);
      expect(Buffer.from(b).equals(Buffer.from(a)), `${sh} variant ${variant}`).toBe(true);
      if (sizeOf(aShape) / K * N > 60) expect(new Set(a).size, `${sh} variant ${variant}: the outputs move`).toBeGreaterThan(10);
      cases++;
    }
    expect(cases).toBe(48);
  }, 60000);
});

describe('QMaxPool on the core equals the JS kernel byte for byte', () => {
  it('pads, strides, dilations, ceil_mode, 1 to 3 axes, int8 and uint8, clamps', async () => {
    installCore(Buffer.from(await coreBytes(['maxpool_i8', 'maxpool2_i8'])).toString('base64'));   // maxpool2_i8: the 2-wide stride-2 windows
    var rnd = seededRandom(14), cases = 0;
    var geoms = [
      { x: [1, 24, 74, 32], a: { kernel_shape: [2, 2], strides: [2, 2] } },
      { x: [2, 3, 9, 7], a: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
      { x: [1, 4, 10, 11], a: { kernel_shape: [3, 2], strides: [2, 3], dilations: [2, 1], pads: [0, 1, 2, 0] } },
      { x: [1, 5, 9, 9], a: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 } },
      { x: [1, 3, 17], a: { kernel_shape: [4], strides: [3], pads: [2, 2] } },
      { x: [1, 2, 5, 6, 7], a: { kernel_shape: [2, 3, 2], strides: [1, 2, 2] } },
      { x: [1, 3, 5, 21], a: { kernel_shape: [1, 2], strides: [1, 2] } },   // 10 outputs a row: a vector and an overlapping one
    ];
    for (var g of geoms) for (var variant = 0; variant < 3; variant++) {
      var dt = variant === 1 ? UINT8 : INT8, attrs: any = { ...g.a };
      if (variant === 2) { attrs.act_min = -30; attrs.act_max = 60; }
      var inputs = [{ dtype: dt, shape: g.x, data: ints(dt, sizeOf(g.x), rnd), quant: null }];
      var a = runKernel(jsMaxPool, freshNode('QMaxPool', inputs, attrs, inferMaxPool)), b: Uint8Array = new Uint8Array(0);
      expect(countingCores(() => { b = runKernel(wasmMaxPool, freshNode('QMaxPool', inputs, attrs, inferMaxPool)); }), 'ran on the core').toBe(1);
      expect(Buffer.from(b).equals(Buffer.from(a)), `${JSON.stringify(g)} variant ${variant}`).toBe(true);
      cases++;
    }
    expect(cases).toBe(21);
  });
});

describe('QuantizeLinear on the core equals the JS kernel byte for byte', () => {
  it('float32 x by a float32 scale to int8 and uint8: ties, NaN, infinities, huge values, zero points', async () => {
    installCore(Buffer.from(await coreBytes(['quant_f32'])).toString('base64'));
    var rnd = seededRandom(13), cases = 0;
    for (var scale of [0.0078125, 0.1, 0.0371, 3.3e-5, 17.25]) for (var [dt, zp] of [[INT8, 0], [INT8, -7], [UINT8, 128], [UINT8, 3]]) {
      var n = 4099, x = new Float32Array(n);
      for (var i = 0; i < n; i++) {
        var k = Math.floor((rnd() * 2 - 1) * 300);
        x[i] = i % 4 === 0 ? (k + 0.5) * scale : i % 4 === 1 ? k * scale * (1 + (rnd() - 0.5) * 1e-6) : (rnd() * 2 - 1) * 200 * scale;
      }
      x.set([NaN, Infinity, -Infinity, 3e38, -3e38, 0, -0, 1e-40], 0);
      var node = (S: number) => ({ op: 'QuantizeLinear', name: 'q', opset: 13, attrs: {}, graphs: {},
        inputs: [{ dtype: 1, shape: [n], data: x, quant: null }, { dtype: 1, shape: [], data: new Float32Array([S]), quant: null },
          { dtype: dt, shape: [], data: new (dt === UINT8 ? Uint8Array : Int8Array)([zp]), quant: null }],
        outputs: [{ dtype: dt, shape: [n], data: new (dt === UINT8 ? Uint8Array : Int8Array)(n), quant: null }] });
      var a = node(scale), b = node(scale);
      jsQuantize(a as any)();
      expect(countingCores(() => { wasmQuantize(b as any)(); }), 'ran on the core').toBe(1);
      expect(Buffer.from(b.outputs[0].data.buffer).equals(Buffer.from(a.outputs[0].data.buffer)), `scale ${scale} zp ${zp} ${dt}`).toBe(true);
      expect(new Set(a.outputs[0].data).size).toBeGreaterThan(100);
      cases++;
    }
    expect(cases).toBe(20);
  });
});

// Calibration as bench/int8.ts: seeded inputs shaped like the model's (embedding_model sees
// mel / 10 + 2, about 0..4; the classifiers see embeddings, about -20..20).
function feeds(spec: ModelSpec, seed: number) {
  var emb = spec.name === 'embedding_model', f = randomFeeds(spec, seed, emb ? 2 : 10);
  if (emb) for (var k in f) for (var i = 0; i < f[k].length; i++) f[k][i] += 2;
  return f;
}

function calibration(spec: ModelSpec): string {
  var input = Object.keys(spec.inputs)[0], cal = path.join(TMP, `i8wasm-${spec.name}-cal`);
  var samples = [0, 1, 2, 3, 4, 5, 6, 7].map(k => feeds(spec, 10 + k)[input]), all = new Float32Array(8 * samples[0].length);
  samples.forEach((s, k) => all.set(s, k * s.length));
  writeNpy(path.join(cal, 'x.npy'), [8, ...spec.inputs[input].shape], all);
  return cal;
}

function int8Opts(spec: ModelSpec, dir: string, extra: any) {
  return { input: spec.file, outDir: dir, shapes: spec.shapes, consts: spec.consts, quantize: { mode: 'int8' as const, calibrate: calibration(spec) }, ...extra };
}

function bytesOf(a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

// the core's routines: QuantizeLinear's, QConv's and QMaxPool's (embedding_model) or QMatMul's (alexa); no float routine
var ROUTINES: Record<string, string[]> = { embedding_model: ['cols_i16', 'maxpool2_i8', 'maxpool_i8', 'qgemm_i16', 'quant_f32', 'rq_i8', 'w2_i16', 'w2base'], 'alexa_v0.1': ['qgemm_i16', 'quant_f32', 'rq_i8', 'widen_i8'] };

describe.each(['embedding_model', 'alexa_v0.1'])('static int8 %s', (name) => {
  it('the wasm build equals the --wasm off build byte for byte; the core holds the int8 routines only; builds are byte-identical', async () => {
    var spec = modelSpec(name), dirs = ['on', 'off', 'again'].map(t => path.join(TMP, `i8wasm-${name}-${t}`));
    var on = await build(int8Opts(spec, dirs[0], { wasm: true })), off = await build(int8Opts(spec, dirs[1], { wasm: false }));
    await build(int8Opts(spec, dirs[2], { wasm: true }));
    for (var f of fs.readdirSync(dirs[0]).sort())
      expect(fs.readFileSync(path.join(dirs[0], f)).equals(fs.readFileSync(path.join(dirs[2], f))), `${f} run to run`).toBe(true);
    expect(Object.keys((on.report as any).wasm.routines).sort()).toEqual(ROUTINES[name]);
    expect((off.report as any).wasm).toBeUndefined();
    var load = (d: string) => require(path.join(d, 'runtime.cjs')).load(fs.readFileSync(path.join(d, 'model.tnx')));
    var sOn: any, sOff = load(dirs[1]);
    expect(countingCores(() => { sOn = load(dirs[0]); sOn.run(feeds(spec, 1)); })).toBe(1);
    var levels = new Set<number>();
    for (var seed = 1; seed <= 6; seed++) {
      var x = feeds(spec, seed), a = sOn.run(x), b = sOff.run(x);
      for (var k in b) {
        expect(bytesOf(a[k]).equals(bytesOf(b[k])), `${k} seed ${seed}`).toBe(true);
        for (var v of b[k]) levels.add(v);
      }
    }
    expect(levels.size, 'the outputs move').toBeGreaterThan(name === 'embedding_model' ? 50 : 3);
  }, 600000);
});

// Dynamic int8 (DynQConv/DynQMatMul: x quantized at run time, integer products, float32
// epilogue) on the core: the --wasm off build's floats, byte for byte (test/int8-dynamic.test.ts
// holds both against onnxruntime).
describe.each(['embedding_model', 'alexa_v0.1'])('dynamic int8 %s', (name) => {
  it('the wasm build runs on the core and equals the --wasm off build byte for byte', async () => {
    var spec = modelSpec(name), on = path.join(TMP, `i8dyn-${name}-on`), off = path.join(TMP, `i8dyn-${name}-off`);
    var opts = (outDir: string, wasm: boolean) => ({ input: spec.file, outDir, shapes: spec.shapes, consts: spec.consts, wasm, quantize: { mode: 'dynamic' as const } });
    var r = await build(opts(on, true));
    await build(opts(off, false));
    expect(Object.keys(r.report.wasm.routines)).toContain('dyn_f32');
    var load = (d: string) => require(path.join(d, 'runtime.cjs')).load(fs.readFileSync(path.join(d, 'model.tnx')));
    var sOn = load(on), sOff = load(off);
    for (var seed of [1, 2]) {
      var f = randomFeeds(spec, seed), a = sOn.run(f), b = sOff.run(f);
      for (var k in b) expect(bytesOf(a[k]).equals(bytesOf(b[k])), `${k} seed ${seed}`).toBe(true);
    }
  }, 180000);
});

// needs chromium from apt: skipped with one line when absent, unless TINYONNX_REQUIRE_ENGINES=1
var noChromium = !haveChromium() && process.env.TINYONNX_REQUIRE_ENGINES !== '1';
if (noChromium) console.log('skipped the int8 webview-in-Chromium tests: needs chromium (apt-get install chromium)');

describe.skipIf(noChromium)('headless Chromium', () => {
  var chromium: ChromiumEngine;
  beforeAll(async () => { chromium = await ChromiumEngine.launch(); }, 120000);
  afterAll(async () => { if (chromium) await chromium.close(); });

  it.each(['embedding_model', 'alexa_v0.1'])('%s: the static int8 webview bundle runs the core and equals Node\'s --wasm off build byte for byte', async (name) => {
    var spec = modelSpec(name), web = path.join(TMP, `i8wasm-${name}-webview`), off = path.join(TMP, `i8wasm-${name}-off`);
    var r = await build(int8Opts(spec, web, { target: 'webview' }));
    expect(Object.keys((r.report as any).wasm.routines).sort()).toEqual(ROUTINES[name]);
    if (!fs.existsSync(path.join(off, 'model.tnx'))) await build(int8Opts(spec, off, { wasm: false }));
    var io = modelIO(new Uint8Array(fs.readFileSync(path.join(web, 'model.tnx'))));
    var js = require(path.join(off, 'runtime.cjs')).load(fs.readFileSync(path.join(off, 'model.tnx')));
    for (var seed of [1, 2, 3]) {
      var x = feeds(spec, seed), got = await chromium.run(web, 'runtime.js', x, io.inputs, 0), want = js.run(x);
      for (var k in want) expect(bytesOf(got.outputs[k] as Float32Array).equals(bytesOf(want[k])), `${k} seed ${seed}`).toBe(true);
    }
  }, 600000);
});
