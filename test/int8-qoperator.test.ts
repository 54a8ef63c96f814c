// Importing models quantized in QOperator form with onnxruntime's com.microsoft contrib ops
// (QLinearAdd, QLinearMul, QLinearSigmoid, QLinearLeakyRelu, QLinearAveragePool,
// QLinearGlobalAveragePool, QLinearConcat, QGemm): small hand-made models, seeded random int8 and
// uint8 inputs, our build against onnxruntime-node on the same model.
//
// What "agree" means per op follows how onnxruntime computes it:
// - tables (QLinearSigmoid, QLinearLeakyRelu, QLinearConcat's requantization) and QGemm's float
//   output (exact int32 sums, one float32 multiply) are deterministic: bit-exact;
// - QLinearAdd, QLinearMul, QLinearAveragePool, QLinearGlobalAveragePool and QGemm's quantized
//   output requantize in float32 (fused multiply-adds, float sums of dequantized values, float
//   scales) where our kernels round the exact value once: an element whose exact value sits
//   next to a rounding boundary can land one step apart. ≥ 99% equal, all within 1 LSB.
//   The scales are arbitrary float32 values, as calibration produces. Round decimal scales
//   (0.05, 0.03, 0.08) make exact half-way values common — (a·b)·0.01875 is k + ½ for many
//   products — and onnxruntime's float32 rounding of the product lands them on the tie where
//   the exact value is just off it; the last QLinearMul case shows that is the only difference.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel, TNode, TInit } from './onnxBuilder';
import { TMP } from './buildCache';
import { ortRun } from './reference';
import { build, convertToTnx } from '../api/build';
import { allKernels } from '../base/registry';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { PROFILES } from '../targets/profiles';
import { seededRandom } from '../base/inputs';

var F32 = 1, U8 = 2, I8 = 3, I32 = 6;
var ORT_TYPE: Record<number, string> = { [U8]: 'uint8', [I8]: 'int8', [F32]: 'float32' };
var MS = 'com.microsoft';
var int = (name: string, i: number) => ({ name, type: 2, i });
var flt = (name: string, f: number) => ({ name, type: 1, f });
var ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
var str = (name: string, s: string) => ({ name, type: 3, s: Buffer.from(s) });
var scale = (name: string, v: number | number[]): TInit => ({ name, dims: Array.isArray(v) ? [v.length] : [], floats: Array.isArray(v) ? v : [v] });
var zp = (name: string, dtype: number, v: number | number[]): TInit => ({ name, dims: Array.isArray(v) ? [v.length] : [], ints: Array.isArray(v) ? v : [v], dataType: dtype });
var ms = (op: string, inputs: string[], outputs: string[], attrs: any[] = []): TNode => ({ op, domain: MS, inputs, outputs, attrs, name: op + '_' + outputs[0] });

interface Spec { inputs: { name: string; dtype: number; dims: number[] }[]; outputs: { name: string; dtype: number; dims: number[] }[]; nodes: TNode[]; inits: TInit[] }

function save(name: string, s: Spec): string {
  var f = path.join(TMP, `qop-${name}.onnx`);
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(f, makeModel({ nodes: s.nodes, inits: s.inits, opsets: { '': 13, [MS]: 1 },
    inputs: s.inputs.map(v => ({ name: v.name, elemType: v.dtype, dims: v.dims })), outputs: s.outputs.map(v => ({ name: v.name, elemType: v.dtype, dims: v.dims })) }));
  return f;
}

function randomInts(n: number, seed: number, dtype: number, lo?: number, hi?: number): Int8Array | Uint8Array {
  var r = seededRandom(seed), a = dtype === I8 ? new Int8Array(n) : new Uint8Array(n);
  var l = lo !== undefined ? lo : dtype === I8 ? -128 : 0, h = hi !== undefined ? hi : l + 255;
  for (var i = 0; i < n; i++) a[i] = l + Math.floor(r() * (h - l + 1));
  return a;
}

// Equal / one step apart / further, over every output element (integers for int8 outputs; for
// float outputs "equal" means the same float32).
class Diff {
  equal = 0; one = 0; more = 0; levels = new Set<number>();
  add(ours: ArrayLike<number>, theirs: ArrayLike<number>) {
    expect(ours.length).toBe(theirs.length);
    for (var i = 0; i < ours.length; i++) {
      var d = Math.abs(ours[i] - theirs[i]);
      if (d === 0) this.equal++; else if (d === 1) this.one++; else this.more++;
      this.levels.add(ours[i]);
    }
  }
  get total() { return this.equal + this.one + this.more; }
  toString() { return `${this.equal}/${this.one}/${this.more} (equal/1 LSB/more of ${this.total}, ${(100 * this.equal / this.total).toFixed(2)}% equal)`; }
}

var summary: string[] = [];

// One node runtime holding every kernel, built once (as the conformance runner does): a bundle
// per model would cost a Rollup + Terser run each. test/int8-import covers per-model builds.
var allKernelsLoad: Promise<(bytes: Uint8Array) => any> | null = null;
function loadAny(bytes: Uint8Array) {
  if (!allKernelsLoad) allKernelsLoad = (async () => {
    var files: string[] = [];
    for (var list of allKernels().values()) for (var k of list) files.push(k.file);
    var bundles = await buildBundle(kernelRefs(files.sort()), PROFILES.node, { minify: false });
    var file = path.join(TMP, 'qop-all-kernels.cjs');
    fs.writeFileSync(file, bundles.find((b: any) => b.file === 'runtime.cjs')!.code);
    return require(file).load;
  })();
  return allKernelsLoad.then(load => load(bytes));
}

// Converts `s`, runs it and onnxruntime on `runs` seeded random inputs (or the given ones).
async function compare(name: string, s: Spec, kernels: string[], runs = 4, given?: Record<string, Int8Array | Uint8Array>) {
  var file = save(name, s);
  var r = convertToTnx(file, {});
  for (var k of kernels) expect(r.manifest.kernels, k).toContain(k);
  expect(r.manifest.ops.filter((o: any) => o.domain === MS), 'no com.microsoft op left').toEqual([]);
  var session = await loadAny(r.tnx);
  var diff = new Diff();
  for (var k2 = 0; k2 < (given ? 1 : runs); k2++) {
    var feeds: Record<string, any> = {}, ortFeeds: Record<string, any> = {};
    s.inputs.forEach((v, j) => {
      var n = v.dims.reduce((a, b) => a * b, 1);
      var data = given ? given[v.name] : randomInts(n, 1000 * k2 + 17 * j + name.length, v.dtype);
      feeds[v.name] = data; ortFeeds[v.name] = { data, dims: v.dims, type: ORT_TYPE[v.dtype] };
    });
    var ours = session.run(feeds), theirs = await ortRun(file, ortFeeds);
    for (var o of s.outputs) {
      expect(Array.from(session.outputs.find((x: any) => x.name === o.name).shape), `${o.name} shape`).toEqual(o.dims);
      diff.add(Array.from(ours[o.name] as ArrayLike<number>), Array.from(theirs[o.name] as ArrayLike<number>));
    }
  }
  summary.push(`${name}: ${diff}`);
  console.log(`${name}: ${diff}`);
  return diff;
}

function bitExact(d: Diff) { expect(d.equal, d.toString()).toBe(d.total); }
function withinOne(d: Diff) {
  expect(d.more, d.toString()).toBe(0);
  expect(d.equal / d.total, d.toString()).toBeGreaterThanOrEqual(0.99);
}

// One com.microsoft node on inputs x (and b), with its quantization parameters as initializers.
function unary(op: string, t: number, dims: number[], outDims: number[], p: { xs: number; xz: number; ys: number; yz: number }, attrs: any[] = [], outT = t): Spec {
  return { inputs: [{ name: 'x', dtype: t, dims }], outputs: [{ name: 'y', dtype: outT, dims: outDims }],
    nodes: [ms(op, ['x', 'xs', 'xz', 'ys', 'yz'], ['y'], attrs)],
    inits: [scale('xs', p.xs), zp('xz', t, p.xz), scale('ys', p.ys), zp('yz', t, p.yz)] };
}

describe('com.microsoft QOperator import vs onnxruntime', () => {
  it('QLinearAdd and QLinearMul, int8 and uint8, with broadcasting', async () => {
    for (var [t, az, bz, yz] of [[I8, 3, -5, -2], [U8, 128, 100, 120]]) {
      for (var op of ['QLinearAdd', 'QLinearMul']) {
        for (var [da, db] of [[[2, 3, 4, 5], [1, 3, 1, 5]], [[2, 3, 4, 5], [5]], [[1, 1, 4, 1], [2, 3, 1, 5]]]) {
          var ys = op === 'QLinearAdd' ? 0.0617 : 0.0817, out = da.map((d, i) => Math.max(d, db[i - (da.length - db.length)] || 1));
          var d = await compare(`${op}-${t === I8 ? 'i8' : 'u8'}-${db.join('x')}`, {
            inputs: [{ name: 'a', dtype: t, dims: da }, { name: 'b', dtype: t, dims: db }], outputs: [{ name: 'y', dtype: t, dims: out }],
            nodes: [ms(op, ['a', 'as', 'az', 'b', 'bs', 'bz', 'ys', 'yz'], ['y'])],
            inits: [scale('as', 0.0473), zp('az', t, az), scale('bs', 0.0291), zp('bz', t, bz), scale('ys', ys), zp('yz', t, yz)],
          }, [op === 'QLinearAdd' ? 'int8/QAdd' : 'int8/QMul'], 6);
          withinOne(d);
          expect(d.levels.size, 'distinct output values').toBeGreaterThan(20);
        }
      }
    }
  }, 120000);

  it('QLinearMul with round decimal scales: every difference is a tie made by onnxruntime\'s float32 product', async () => {
    var da = [2, 3, 4, 5], db = [5], name = 'QLinearMul-decimal', f = Math.fround;
    var file = save(name, {
      inputs: [{ name: 'a', dtype: I8, dims: da }, { name: 'b', dtype: I8, dims: db }], outputs: [{ name: 'y', dtype: I8, dims: da }],
      nodes: [ms('QLinearMul', ['a', 'as', 'az', 'b', 'bs', 'bz', 'ys', 'yz'], ['y'])],
      inits: [scale('as', 0.05), zp('az', I8, 3), scale('bs', 0.03), zp('bz', I8, -5), scale('ys', 0.08), zp('yz', I8, -2)],
    });
    var dir = path.join(TMP, `qop-${name}-build`);
    await build({ input: file, outDir: dir });
    var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
    // onnxruntime's x86 QLinearMul (qlmul.cpp): round(fl(fl(P · fl(fl(a_s · b_s) / c_s)) + c_zp))
    var R = f(f(f(0.05) * f(0.03)) / f(0.08)), diff = new Diff(), ties = 0;
    for (var k = 0; k < 6; k++) {
      var a = randomInts(120, 700 + k, I8), b = randomInts(5, 800 + k, I8);
      var ours = Array.from(session.run({ a, b }).y as Int8Array);
      var theirs = Array.from((await ortRun(file, { a: { data: a, dims: da, type: 'int8' }, b: { data: b, dims: db, type: 'int8' } })).y);
      diff.add(ours, theirs);
      for (var i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) {
        var v = f(f((a[i] - 3) * (b[i % 5] + 5) * R) - 2);
        expect(v - Math.floor(v), `element ${i}: onnxruntime's float value ${v}`).toBe(0.5);
        ties++;
      }
    }
    console.log(`${name}: ${diff}; ${ties} differences, all at float32 ties`);
    expect(diff.more).toBe(0);
  }, 60000);

  it('QLinearSigmoid and QLinearLeakyRelu on all 256 input values: bit-exact tables', async () => {
    for (var t of [I8, U8]) {
      var all = randomInts(256, 1, t);
      for (var i = 0; i < 256; i++) all[i] = t === I8 ? i - 128 : i;
      var p = t === I8 ? { xs: 0.06, xz: 5, ys: 1 / 256, yz: -128 } : { xs: 0.05, xz: 130, ys: 1 / 256, yz: 0 };
      var tag = t === I8 ? 'i8' : 'u8';
      bitExact(await compare(`QLinearSigmoid-${tag}`, unary('QLinearSigmoid', t, [256], [256], p), ['int8/QLookup'], 1, { x: all }));
      var pl = t === I8 ? { xs: 0.05, xz: -3, ys: 0.03, yz: -40 } : { xs: 0.04, xz: 120, ys: 0.035, yz: 60 };
      bitExact(await compare(`QLinearLeakyRelu-${tag}`, unary('QLinearLeakyRelu', t, [256], [256], pl, [flt('alpha', 0.1)]), ['int8/QLookup'], 1, { x: all }));
      bitExact(await compare(`QLinearLeakyRelu-default-alpha-${tag}`, unary('QLinearLeakyRelu', t, [256], [256], pl), ['int8/QLookup'], 1, { x: all }));
    }
  }, 120000);

  it('QLinearAveragePool: pads, strides, ceil_mode, count_include_pad, channels_last, 1-D', async () => {
    var cases: { tag: string; dims: number[]; out: number[]; attrs: any[] }[] = [
      { tag: 'k3s2p1', dims: [2, 4, 9, 9], out: [2, 4, 5, 5], attrs: [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])] },
      { tag: 'ceil', dims: [2, 4, 8, 8], out: [2, 4, 4, 4], attrs: [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), int('ceil_mode', 1)] },
      // the last row of windows starts on the input's last row and reaches past the end pad:
      // onnxruntime divides it by the whole kernel (3), ONNX AveragePool by the padded taps (2)
      { tag: 'ceil-pads-include', dims: [2, 4, 12, 9], out: [2, 4, 7, 5], attrs: [ints('kernel_shape', [3, 2]), ints('strides', [2, 2]), ints('pads', [1, 0, 1, 0]), int('ceil_mode', 1), int('count_include_pad', 1)] },
      { tag: 'include', dims: [1, 3, 7, 7], out: [1, 3, 7, 7], attrs: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), int('count_include_pad', 1)] },
      { tag: 'nhwc-ceil', dims: [2, 8, 8, 4], out: [2, 4, 4, 4], attrs: [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), int('ceil_mode', 1), int('channels_last', 1)] },
      { tag: '1d', dims: [2, 3, 11], out: [2, 3, 6], attrs: [ints('kernel_shape', [4]), ints('strides', [2]), ints('pads', [1, 2]), int('count_include_pad', 1)] },
    ];
    for (var t of [I8, U8]) for (var c of cases) {
      var p = t === I8 ? { xs: 0.0473, xz: 4, ys: 0.0219, yz: -3 } : { xs: 0.0473, xz: 128, ys: 0.0219, yz: 125 };
      var d = await compare(`QLinearAveragePool-${c.tag}-${t === I8 ? 'i8' : 'u8'}`, unary('QLinearAveragePool', t, c.dims, c.out, p, c.attrs),
        ['int8/QAveragePool'], 4);
      withinOne(d);
      expect(d.levels.size, 'distinct output values').toBeGreaterThan(20);
    }
  }, 120000);

  it('QLinearGlobalAveragePool, channels first and last', async () => {
    for (var t of [I8, U8]) for (var last of [0, 1]) {
      var dims = last ? [3, 5, 6, 16] : [3, 16, 5, 6], out = last ? [3, 1, 1, 16] : [3, 16, 1, 1];
      var p = t === I8 ? { xs: 0.05, xz: -2, ys: 0.01, yz: 1 } : { xs: 0.05, xz: 127, ys: 0.01, yz: 131 };
      var d = await compare(`QLinearGlobalAveragePool-${last ? 'nhwc' : 'nchw'}-${t === I8 ? 'i8' : 'u8'}`,
        unary('QLinearGlobalAveragePool', t, dims, out, p, [int('channels_last', last)]), ['int8/QGlobalAveragePool'], 8);
      withinOne(d);
      expect(d.levels.size, 'distinct output values').toBeGreaterThan(20);
    }
  }, 120000);

  it('QLinearConcat: inputs copied and requantized, bit-exact', async () => {
    for (var t of [I8, U8]) {
      var z = (v: number) => (t === I8 ? v : v + 128);
      var d = await compare(`QLinearConcat-${t === I8 ? 'i8' : 'u8'}`, {
        inputs: [{ name: 'a', dtype: t, dims: [2, 3, 4] }, { name: 'b', dtype: t, dims: [2, 5, 4] }, { name: 'c', dtype: t, dims: [2, 2, 4] }],
        outputs: [{ name: 'y', dtype: t, dims: [2, 10, 4] }],
        nodes: [ms('QLinearConcat', ['ys', 'yz', 'a', 'as', 'az', 'b', 'ys', 'yz', 'c', 'cs', 'cz'], ['y'], [int('axis', 1)])],
        inits: [scale('ys', 0.04), zp('yz', t, z(3)), scale('as', 0.05), zp('az', t, z(-7)), scale('cs', 0.0123), zp('cz', t, z(20))],
      }, ['int8/QConcat'], 8);
      bitExact(d);
    }
  }, 120000);

  it('QGemm: int8 and uint8, per-tensor and per-column B, C, transA/transB, quantized and float output', async () => {
    // uint8 A with int8 B stays within [-64, 63] (onnxruntime's reduce_range convention): x86
    // kernels without VNNI add u8·s8 products in pairs with int16 saturation
    var M = 5, K = 24, N = 7;
    for (var [ta, tb] of [[I8, I8], [U8, I8], [U8, U8]]) {
      for (var v of [{ transA: 0, transB: 0, perCol: false, y: true, c: true }, { transA: 0, transB: 1, perCol: true, y: true, c: true },
        { transA: 1, transB: 1, perCol: false, y: true, c: false }, { transA: 0, transB: 1, perCol: true, y: false, c: true },
        { transA: 1, transB: 0, perCol: false, y: false, c: false }]) {
        var bDims = v.transB ? [N, K] : [K, N], aDims = v.transA ? [K, M] : [M, K];
        var bLo = ta === U8 && tb === I8 ? -64 : undefined, bHi = ta === U8 && tb === I8 ? 63 : undefined;
        var B = Array.from(randomInts(K * N, 5 + ta + tb, tb, bLo, bHi));
        var bs = v.perCol ? Array.from({ length: N }, (_, i) => 0.002 + 0.0007 * i) : 0.003;
        var bz = v.perCol ? Array.from({ length: N }, (_, i) => (tb === U8 ? 120 + i : 0)) : tb === U8 ? 125 : 0;
        var inits: TInit[] = [scale('as', 0.04), zp('az', ta, ta === U8 ? 130 : -3), { name: 'B', dims: bDims, ints: B, dataType: tb }, scale('bs', bs), zp('bz', tb, bz),
          { name: 'C', dims: [N], ints: Array.from({ length: N }, (_, i) => 300 * i - 900), dataType: I32 }];
        var ins = ['a', 'as', 'az', 'B', 'bs', 'bz', v.c ? 'C' : ''];
        if (v.y) { ins.push('ys', 'yz'); inits.push(scale('ys', 0.03), zp('yz', ta, ta === U8 ? 128 : 2)); }
        var name = `QGemm-${ta === I8 ? 'i8' : 'u8'}${tb === I8 ? 'i8' : 'u8'}-tA${v.transA}tB${v.transB}${v.perCol ? '-percol' : ''}${v.c ? '-C' : ''}-${v.y ? 'q' : 'float'}`;
        var d = await compare(name, {
          inputs: [{ name: 'a', dtype: ta, dims: aDims }], outputs: [{ name: 'y', dtype: v.y ? ta : F32, dims: [M, N] }],
          nodes: [ms('QGemm', ins, ['y'], [int('transA', v.transA), int('transB', v.transB), flt('alpha', v.y ? 0.75 : 1.5)])], inits,
        }, v.y ? ['int8/QMatMul'] : ['quant/MatMulInteger'], 8);
        if (v.y) withinOne(d); else bitExact(d);
        expect(d.levels.size, 'distinct output values').toBeGreaterThan(20);
      }
    }
    console.log('QOperator import summary:\n  ' + summary.join('\n  '));
  }, 180000);
});

describe('ceil_mode pools in QDQ models', () => {
  it('DQ → MaxPool | AveragePool (ceil_mode 1) → Q fuse into the int8 pools and agree with onnxruntime', async () => {
    var qdq = (x: string, sc: string, z: string): TNode[] => [{ op: 'QuantizeLinear', inputs: [x, sc, z], outputs: [x + '_q'] },
      { op: 'DequantizeLinear', inputs: [x + '_q', sc, z], outputs: [x + '_dq'] }];
    var file = path.join(TMP, 'qdq-ceil-pools.onnx');
    fs.writeFileSync(file, makeModel({
      inputs: [{ name: 'x', dims: [2, 3, 10, 9] }], outputs: [{ name: 'y', dims: [2, 3, 3, 3] }],
      inits: [scale('s0', 0.0473), zp('z0', I8, 3), scale('s1', 0.0219), zp('z1', I8, -4)],
      nodes: [...qdq('x', 's0', 'z0'),
        { op: 'MaxPool', inputs: ['x_dq'], outputs: ['m'], attrs: [ints('kernel_shape', [3, 2]), ints('strides', [2, 2]), int('ceil_mode', 1)] },
        ...qdq('m', 's0', 'z0'),
        { op: 'AveragePool', inputs: ['m_dq'], outputs: ['a'], attrs: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2]), ints('pads', [1, 0, 0, 0]), int('ceil_mode', 1)] },
        { op: 'QuantizeLinear', inputs: ['a', 's1', 'z1'], outputs: ['a_q'] }, { op: 'DequantizeLinear', inputs: ['a_q', 's1', 'z1'], outputs: ['y'] }],
    }));
    var dir = path.join(TMP, 'qdq-ceil-pools-build'), r = await build({ input: file, outDir: dir });
    for (var k of ['int8/QMaxPool', 'int8/QAveragePool']) expect(r.manifest.kernels, k).toContain(k);
    var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
    var diff = new Diff(), rnd = seededRandom(9);
    for (var run = 0; run < 8; run++) {
      var x = new Float32Array(540);
      for (var i = 0; i < x.length; i++) x[i] = (rnd() * 2 - 1) * 6;
      var ours = Array.from(session.run({ x }).y as Float32Array).map(v => Math.round(v / f32(0.0219)));
      var theirs = Array.from((await ortRun(file, { x: { data: x, dims: [2, 3, 10, 9] } })).y).map(v => Math.round(v / f32(0.0219)));
      diff.add(ours, theirs);
    }
    console.log(`QDQ ceil_mode pools: ${diff}`);
    withinOne(diff);
  }, 60000);
});

var f32 = Math.fround;

describe('com.microsoft QOperator import errors', () => {
  async function fails(name: string, s: Spec, pattern: RegExp) {
    var file = save(name, s);
    var err: any = null;
    try { await build({ input: file, outDir: path.join(TMP, `qop-${name}-build`) }); } catch (e) { err = e; }
    expect(err, 'build must fail').not.toBeNull();
    expect(err.name).toBe('UserError');
    expect(err.message).toMatch(pattern);
    expect(err.message.split('\n').length).toBe(1);
  }

  it('a scale computed at run time, an unsupported attribute value', async () => {
    var p = { xs: 0.05, xz: 0, ys: 0.05, yz: 0 };
    var s = unary('QLinearSigmoid', I8, [4], [4], p);
    s.inputs.push({ name: 'xs', dtype: F32, dims: [] });
    s.inits = s.inits.filter(i => i.name !== 'xs');
    await fails('err-scale', s, /node 'QLinearSigmoid_y' \(com\.microsoft:QLinearSigmoid\): input 1 \(X scale\) 'xs' must be a constant/);
    await fails('err-attr', unary('QLinearGlobalAveragePool', I8, [1, 2, 3, 3], [1, 2, 1, 1], p, [int('channels_last', 2)]),
      /node 'QLinearGlobalAveragePool_y' \(com\.microsoft:QLinearGlobalAveragePool\): attribute channels_last=2 is not supported/);
    await fails('err-autopad', unary('QLinearAveragePool', I8, [1, 2, 3, 3], [1, 2, 1, 1], p, [ints('kernel_shape', [3, 3]), str('auto_pad', 'FOO')]),
      /\(com\.microsoft:QLinearAveragePool\): attribute auto_pad=FOO is not supported/);
  });
});
