import { describe, it, expect } from 'vitest';
import * as M from '../device/kernels/elementwise/math';
import { Node, Tensor, Prepare } from '../device/kernels/contract';
import { Infer, InferNode } from '../device/kernels/infer';
import { ARRAY_OF, FLOAT, INT32, BOOL, UINT8, sizeOf } from '../device/dtype';
import * as Where from '../device/kernels/elementwise/Where';
import * as Max from '../device/kernels/elementwise/Max';
import * as Mean from '../device/kernels/elementwise/Mean';
import * as Clip from '../device/kernels/elementwise/Clip';
import * as Mod from '../device/kernels/elementwise/Mod';
import * as Add from '../device/kernels/elementwise/Add';
import * as PRelu from '../device/kernels/elementwise/PRelu';
import * as Cast from '../device/kernels/elementwise/Cast';
import * as BitShift from '../device/kernels/elementwise/BitShift';
import * as Round from '../device/kernels/elementwise/Round';

type In = { dtype: number; shape: number[]; data: number[] } | null;
function t(dtype: number, shape: number[], data: number[]): In { return { dtype, shape, data }; }

// Infer the outputs, then prepare and run the kernel as the runtime would.
function run(k: { infer: Infer; prepare: Prepare }, inputs: In[], attrs: any = {}, opset = 22, numOutputs = 1): number[][] {
  var vts = inputs.map(v => v && { dtype: v.dtype, shape: v.shape, data: new (ARRAY_OF[v.dtype]!)(v.data) });
  var inode: InferNode = { op: 'X', name: 'n', opset, inputs: vts, attrs, numOutputs, graphs: {} };
  var outs = k.infer(inode);
  var ins: (Tensor | null)[] = vts.map(v => v && { dtype: v.dtype, shape: v.shape, data: v.data!, quant: null });
  var os: Tensor[] = outs.map(o => ({ dtype: o.dtype, shape: o.shape, data: new (ARRAY_OF[o.dtype]!)(sizeOf(o.shape)), quant: null }));
  var node: Node = { op: 'X', name: 'n', opset, inputs: ins, outputs: os, attrs, graphs: {} };
  k.prepare(node)();
  return os.map(o => Array.from(o.data));
}

function rel(a: number, b: number) { return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300); }

describe('elementwise math helpers', () => {
  var xs: number[] = [0, 1e-300, 1e-20, 1e-9, 1e-5, 0.001, 0.1, 0.3, 0.49, 0.5, 0.51, 0.9, 1, 1.5, 3, 10, 20, 21.9, 22.1, 50, 300, 700, 710];
  it('match the host Math functions closely, near 0 and for large inputs', () => {
    for (var x of xs) for (var s of [1, -1]) {
      var v = s * x;
      expect(rel(M.expm1(v), Math.expm1(v))).toBeLessThan(1e-14);
      expect(rel(M.tanh(v), Math.tanh(v))).toBeLessThan(1e-14);
      expect(rel(M.sinh(v), Math.sinh(v))).toBeLessThan(1e-13);
      expect(rel(M.cosh(v), Math.cosh(v))).toBeLessThan(1e-13);
      expect(rel(M.asinh(v), Math.asinh(v))).toBeLessThan(1e-14);
      if (v > -1) expect(rel(M.log1p(v), Math.log1p(v))).toBeLessThan(1e-14);
      if (x < 1) expect(rel(M.atanh(v), Math.atanh(v))).toBeLessThan(1e-13);
      expect(rel(M.acosh(1 + x), Math.acosh(1 + x))).toBeLessThan(1e-13);
    }
    expect(M.sinh(710)).toBeGreaterThan(1e308);
    expect(M.cosh(-710)).toBeGreaterThan(1e308);
    expect(M.asinh(1e200)).toBeCloseTo(Math.asinh(1e200), 10);
    expect(M.atanh(1)).toBe(Infinity);
    expect(M.acosh(0.5)).toBeNaN();
  });
  it('erf is accurate relative to its value, also near 0', () => {
    // erf values from the series, computed in high precision offline.
    var ref: [number, number][] = [[1e-8, 1.1283791670955126e-8], [0.1, 0.1124629160182849], [0.5, 0.5204998778130465],
      [1, 0.8427007929497149], [2, 0.9953222650189527], [3.5, 0.9999992569016276]];
    for (var [x, e] of ref) { expect(rel(M.erf(x), e)).toBeLessThan(2e-7); expect(rel(M.erf(-x), -e)).toBeLessThan(2e-7); }
    expect(rel(M.erfc(5), 1.5374597944280349e-12)).toBeLessThan(2e-7);
  });
  it('rounds half to even', () => {
    var got = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4, 2.6, -2.6].map(M.roundEven);
    expect(got).toEqual([-2, -2, -0, 0, 2, 2, 2, 3, -3]);
    expect(run(Round, [t(FLOAT, [3], [0.5, 1.5, -3.5])])[0]).toEqual([0, 2, -4]);
  });
});

describe('elementwise kernels', () => {
  it('Where broadcasts three ways', () => {
    var r = run(Where, [t(BOOL, [2, 1], [1, 0]), t(INT32, [1, 3], [1, 2, 3]), t(INT32, [], [9])]);
    expect(r[0]).toEqual([1, 2, 3, 9, 9, 9]);
  });
  it('Max folds any number of inputs, each broadcast, NaN wins', () => {
    var r = run(Max, [t(FLOAT, [3], [1, 5, NaN]), t(FLOAT, [3], [4, 2, 0]), t(FLOAT, [2, 1], [3, -1])]);
    expect(r[0]).toEqual([4, 5, NaN, 4, 5, NaN]);
    expect(run(Mean, [t(FLOAT, [2], [1, 2]), t(FLOAT, [2], [3, 6]), t(FLOAT, [1], [2])])[0]).toEqual([2, 10 / 3].map(Math.fround));
  });
  it('Clip: attributes before opset 11, optional inputs after, min > max gives max', () => {
    expect(run(Clip, [t(FLOAT, [3], [-2, 0, 2])], { min: -1, max: 1 }, 6)[0]).toEqual([-1, 0, 1]);
    expect(run(Clip, [t(FLOAT, [3], [-2, 0, 2]), null, t(FLOAT, [], [1])], {}, 13)[0]).toEqual([-2, 0, 1]);
    expect(run(Clip, [t(FLOAT, [3], [-2, 0, 2]), t(FLOAT, [], [2]), t(FLOAT, [], [1])], {}, 13)[0]).toEqual([1, 1, 1]);
  });
  it('Mod follows the divisor sign, fmod the dividend sign', () => {
    expect(run(Mod, [t(INT32, [4], [-4, 7, 5, -7]), t(INT32, [4], [3, -3, 0, -3])])[0]).toEqual([2, -2, 0, -1]);
    expect(run(Mod, [t(INT32, [2], [-4, 7]), t(INT32, [2], [3, -3])], { fmod: 1 })[0]).toEqual([-1, 1]);
  });
  it('legacy broadcast with axis (opset < 7) and channel-wise PRelu', () => {
    expect(run(Add, [t(FLOAT, [2, 3, 2], new Array(12).fill(0)), t(FLOAT, [3], [1, 2, 3])], { broadcast: 1, axis: 1 }, 6)[0])
      .toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    expect(run(PRelu, [t(FLOAT, [1, 2, 2], [-1, -1, -1, 1]), t(FLOAT, [2], [0.5, 2])], {}, 6)[0]).toEqual([-0.5, -0.5, -2, 1]);
  });
  it('Cast truncates toward zero and maps non-zero (and NaN) to true', () => {
    expect(run(Cast, [t(FLOAT, [4], [-1.7, 1.7, 2.5, NaN])], { to: INT32 })[0]).toEqual([-1, 1, 2, 0]);
    expect(run(Cast, [t(FLOAT, [3], [0, -0.1, NaN])], { to: BOOL })[0]).toEqual([0, 1, 1]);
    expect(run(Cast, [t(INT32, [1], [3])], { to: 'FLOAT' }, 5)[0]).toEqual([3]);
  });
  it('BitShift clears bits shifted past the width', () => {
    expect(run(BitShift, [t(UINT8, [3], [16, 4, 255]), t(UINT8, [3], [1, 6, 40])], { direction: 'LEFT' })[0]).toEqual([32, 0, 0]);
    expect(run(BitShift, [t(UINT8, [3], [16, 4, 255]), t(UINT8, [3], [1, 2, 40])], { direction: 'RIGHT' })[0]).toEqual([8, 1, 0]);
  });
});
