// The tinyonnx.int8 kernels on small models covering every int8 op and the conv geometries
// (padding, stride, dilation, groups, depthwise, 1-D), quantized by our build and compared with
// onnxruntime running the QDQ model we emit for them; plus the exactness of the integer
// requantization against BigInt arithmetic.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel } from './onnxBuilder';
import { TMP } from './buildCache';
import { writeNpy, randomArray, buildInt8, outputScale, ortOutputs, LsbStats } from './int8-helpers';
import { rqParams, rqRound, rqRow } from '../device/kernels/int8/requant';
import { quantizeMultiplier } from '../converter/int8/quantize/multiplier';
import { seededRandom } from '../base/inputs';

var INTS = 7, FLOAT = 1, INT = 2;
var ints = (name: string, v: number[]) => ({ name, type: INTS, ints: v });
var int = (name: string, v: number) => ({ name, type: INT, i: v });
var flt = (name: string, v: number) => ({ name, type: FLOAT, f: v });
var w = (name: string, dims: number[], seed: number, scale = 0.3) =>
  ({ name, dims, floats: Array.from(randomArray(dims.reduce((a, b) => a * b, 1), seed, scale)) });

function writeModel(name: string, spec: Parameters<typeof makeModel>[0]): string {
  var f = path.join(TMP, `${name}.onnx`);
  fs.writeFileSync(f, makeModel(spec));
  return f;
}

// Calibration folder: `count` samples of x (uniform in [-scale, scale]) in one .npy.
function calibration(name: string, dims: number[], count: number, seed: number, scale = 1): string {
  var n = dims.reduce((a, b) => a * b, 1), dir = path.join(TMP, `${name}-cal`);
  writeNpy(path.join(dir, 'x.npy'), [count, ...dims], randomArray(n * count, seed, scale));
  return dir;
}

async function compare(name: string, onnx: string, dims: number[], outputs: string[], scale = 1) {
  var b = await buildInt8(onnx, calibration(name, dims, 16, 7, scale));
  var stats = new LsbStats(), n = dims.reduce((a, b) => a * b, 1), levels = new Set<number>();
  for (var k = 0; k < 8; k++) {
    var x = randomArray(n, 100 + k, scale);
    var ours = b.session.run({ x });
    var theirs = await ortOutputs(b.qdq, { x: { data: x, dims } });
    for (var o of outputs) { stats.add(ours[o], theirs[o], outputScale(b, o)); for (var v of ours[o]) levels.add(v); }
  }
  // the comparison means something only if the outputs move
  expect(levels.size, 'distinct output values').toBeGreaterThan(20);
  return { b, stats };
}

describe('int8 kernels vs onnxruntime on our QDQ models', () => {
  it('conv family: pads, stride, groups, dilated depthwise, fused Relu, LeakyRelu+Max table, Add, Mul, pools, Concat, Sigmoid', async () => {
    var f = writeModel('int8-convs', {
      inputs: [{ name: 'x', dims: [1, 3, 10, 10] }],
      outputs: [{ name: 'y1', dims: [1, 8, 1, 1] }, { name: 'y2', dims: [1, 16, 2, 2] }],
      inits: [w('W1', [8, 3, 3, 3], 1), w('B1', [8], 2, 0.1), w('W2', [8, 4, 3, 3], 3), w('B2', [8], 4, 0.1),
        w('W3', [8, 1, 3, 3], 5), { name: 'c', dims: [1, 1, 1, 1], floats: [-0.3] }],
      nodes: [
        { op: 'Conv', inputs: ['x', 'W1', 'B1'], outputs: ['c1'], attrs: [ints('pads', [1, 1, 1, 1])] },
        { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
        { op: 'Conv', inputs: ['r1', 'W2', 'B2'], outputs: ['c2'], attrs: [int('group', 2), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])] },
        { op: 'LeakyRelu', inputs: ['c2'], outputs: ['l2'], attrs: [flt('alpha', 0.1)] },
        { op: 'Max', inputs: ['l2', 'c'], outputs: ['t2'] },
        { op: 'Conv', inputs: ['t2', 'W3'], outputs: ['c3'], attrs: [int('group', 8), ints('dilations', [2, 2]), ints('pads', [2, 2, 2, 2])] },
        { op: 'Add', inputs: ['c3', 't2'], outputs: ['a0'] },
        { op: 'Relu', inputs: ['a0'], outputs: ['a'] },
        { op: 'Mul', inputs: ['a', 't2'], outputs: ['m'] },
        { op: 'MaxPool', inputs: ['m'], outputs: ['mp'], attrs: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])] },
        { op: 'AveragePool', inputs: ['mp'], outputs: ['ap'], attrs: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])] },
        { op: 'GlobalAveragePool', inputs: ['ap'], outputs: ['y1'] },
        { op: 'Concat', inputs: ['ap', 'mp'], outputs: ['cat'], attrs: [int('axis', 1)] },
        { op: 'Sigmoid', inputs: ['cat'], outputs: ['y2'] },
      ],
    });
    var { b, stats } = await compare('int8-convs', f, [1, 3, 10, 10], ['y1', 'y2']);
    for (var k of ['int8/QConv', 'int8/QAdd', 'int8/QMul', 'int8/QMaxPool', 'int8/QAveragePool', 'int8/QGlobalAveragePool', 'int8/QConcat', 'int8/QLookup'])
      expect(b.result.manifest.kernels, k).toContain(k);
    expect(stats.max, stats.toString()).toBeLessThanOrEqual(1);
    expect(stats.within1, stats.toString()).toBe(1);
    expect(stats.counts[0] / stats.total, stats.toString()).toBeGreaterThanOrEqual(0.99);
  }, 120000);

  it('dense family: Gemm (transB 1 and 0) with fused Relu, Tanh table, MatMul, Reshape and Transpose on int8', async () => {
    var f = writeModel('int8-dense', {
      inputs: [{ name: 'x', dims: [2, 12] }],
      outputs: [{ name: 'y1', dims: [2, 6] }, { name: 'y2', dims: [5, 2] }],
      inits: [w('W1', [16, 12], 11), w('C1', [16], 12, 0.1), w('W2', [16, 6], 13), w('C2', [6], 14, 0.1), w('B3', [12, 5], 15),
        { name: 'shape', dims: [2], ints: [5, 2] }],
      nodes: [
        { op: 'Gemm', inputs: ['x', 'W1', 'C1'], outputs: ['g1'], attrs: [int('transB', 1)] },
        { op: 'Relu', inputs: ['g1'], outputs: ['r1'] },
        { op: 'Gemm', inputs: ['r1', 'W2', 'C2'], outputs: ['g2'] },
        { op: 'Tanh', inputs: ['g2'], outputs: ['y1'] },
        { op: 'MatMul', inputs: ['x', 'B3'], outputs: ['mm'] },
        { op: 'Reshape', inputs: ['mm', 'shape'], outputs: ['rs'] },
        { op: 'Transpose', inputs: ['rs'], outputs: ['tr'], attrs: [ints('perm', [1, 0])] },
        { op: 'Transpose', inputs: ['tr'], outputs: ['y2'], attrs: [ints('perm', [1, 0])] },
      ],
    });
    var { b, stats } = await compare('int8-dense', f, [2, 12], ['y1', 'y2']);
    for (var k of ['int8/QMatMul', 'tensor/Reshape', 'tensor/Transpose']) expect(b.result.manifest.kernels, k).toContain(k);
    expect(b.result.manifest.kernels.some(k => k === 'nn/Gemm' || k === 'nn/MatMul'), 'no float Gemm/MatMul left').toBe(false);
    expect(stats.max, stats.toString()).toBeLessThanOrEqual(1);
    expect(stats.counts[0] / stats.total, stats.toString()).toBeGreaterThanOrEqual(0.99);
  }, 120000);

  it('1-D conv with stride and a Clip(0, 6) folded into the requantization', async () => {
    var f = writeModel('int8-conv1d', {
      inputs: [{ name: 'x', dims: [1, 4, 20] }],
      outputs: [{ name: 'y', dims: [1, 5, 10] }],
      inits: [w('W', [5, 4, 3], 21), w('B', [5], 22, 0.1), { name: 'lo', dims: [], floats: [0] }, { name: 'hi', dims: [], floats: [6] }],
      nodes: [
        { op: 'Conv', inputs: ['x', 'W', 'B'], outputs: ['c'], attrs: [ints('pads', [1, 1]), ints('strides', [2])] },
        { op: 'Clip', inputs: ['c', 'lo', 'hi'], outputs: ['y'] },
      ],
    });
    var { b, stats } = await compare('int8-conv1d', f, [1, 4, 20], ['y'], 3);
    expect(b.result.manifest.kernels).toContain('int8/QConv');
    expect(b.result.manifest.kernels).not.toContain('elementwise/Clip');
    expect(stats.max, stats.toString()).toBeLessThanOrEqual(1);
    expect(stats.counts[0] / stats.total, stats.toString()).toBeGreaterThanOrEqual(0.99);
  }, 120000);
});

describe('integer requantization', () => {
  // Reference: round half to even of acc * m / 2^s, in BigInt (tests may use it; kernels do not).
  function ref(acc: number, m: number, s: number): number {
    var p = BigInt(acc) * BigInt(m), d = 1n << BigInt(s), q = p / d, r = p % d;
    if (r < 0n) { r += d; q -= 1n; }               // floor division
    var twice = 2n * r;
    if (twice > d || (twice === d && q % 2n !== 0n)) q += 1n;
    return Number(q);
  }

  it('rqRound and rqRow equal BigInt round-half-even for accumulators up to 2^36, every shift, ties included', () => {
    var rnd = seededRandom(3), bad: string[] = [], cases = 0;
    for (var s = 17; s <= 62; s++) {
      for (var t = 0; t < 300; t++) {
        var m = Math.floor(rnd() * 2147483648);
        var mag = Math.pow(2, Math.floor(rnd() * 37));
        var acc = Math.floor((rnd() * 2 - 1) * mag);
        if (t % 10 === 0) {   // an exact tie: acc * m = (2k + 1) * 2^(s - 1)
          m = 1 << 30; acc = (2 * Math.floor(rnd() * 1000) + 1) * Math.pow(2, s - 31) * (rnd() < 0.5 ? -1 : 1);
          if (acc !== Math.floor(acc)) continue;
        }
        var r = rqParams([m], [s], 'test');
        var got = rqRound(acc, r.mh[0], r.ml[0], r.two[0], r.inv[0], r.half[0]);
        var row = new Float64Array(1), acc1 = new Float64Array([acc]);
        rqRow(acc1, 0, 1, r, null, 0, 0, -1e300, 1e300, row, 0, null, 0);
        var want = ref(acc, m, s);
        cases++;
        if (got !== want || row[0] !== want) bad.push(`acc ${acc} m ${m} s ${s}: ${got}/${row[0]} vs ${want}`);
      }
    }
    expect(bad.slice(0, 5), `${bad.length} of ${cases} wrong`).toEqual([]);
  });

  it('quantizeMultiplier keeps 31 significant bits', () => {
    for (var real of [0.000123, 0.5, 0.75, 1, 3.9, 1234.5, 1e-12]) {
      var [m, s] = quantizeMultiplier(real, 'test');
      expect(Math.abs(m / Math.pow(2, s) - real) / real).toBeLessThan(real > 1e-9 ? Math.pow(2, -30) : 1e-3);
    }
  });
});
