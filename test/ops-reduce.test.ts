// Reduction/normalization kernels run directly (infer, then prepare/eval twice) on the opset
// forms the backend conformance cases do not reach: attribute axes, 2-D coercion, spatial=0...
import { describe, expect, it } from 'vitest';
import * as D from '../device/dtype';
import { kernelRunner } from './kernelRun';
import * as ReduceSum from '../device/kernels/reduce/ReduceSum';
import * as ReduceMean from '../device/kernels/reduce/ReduceMean';
import * as ReduceMax from '../device/kernels/reduce/ReduceMax';
import * as ReduceLogSumExp from '../device/kernels/reduce/ReduceLogSumExp';
import * as ReduceL1 from '../device/kernels/reduce/ReduceL1';
import * as ArgMax from '../device/kernels/reduce/ArgMax';
import * as Softmax from '../device/kernels/reduce/Softmax';
import * as Hardmax from '../device/kernels/reduce/Hardmax';
import * as LogSoftmax from '../device/kernels/reduce/LogSoftmax';
import * as BatchNormalization from '../device/kernels/reduce/BatchNormalization';
import * as LayerNormalization from '../device/kernels/reduce/LayerNormalization';
import * as GroupNormalization from '../device/kernels/reduce/GroupNormalization';
import * as LpNormalization from '../device/kernels/reduce/LpNormalization';
import * as MeanVarianceNormalization from '../device/kernels/reduce/MeanVarianceNormalization';

var run = kernelRunner({
  ReduceSum, ReduceMean, ReduceMax, ReduceLogSumExp, ReduceL1, ArgMax, Softmax, Hardmax, LogSoftmax,
  BatchNormalization, LayerNormalization, GroupNormalization, LpNormalization, MeanVarianceNormalization });
var range = (n: number) => Array.from({ length: n }, (_, i) => i);
var ints = (data: number[]) => ({ dtype: D.INT32, shape: [data.length], data, konst: true });
var x234 = { shape: [2, 3, 4], data: range(24) };
var close = (a: number[], b: number[]) => { expect(a.length).toBe(b.length); a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5)); };

describe('reduce kernels', () => {
  it('Reduce* axes: attribute before opset 13/18, input after; non-adjacent axes', () => {
    expect(run('ReduceSum', 11, [x234], { axes: [0, 2], keepdims: 0 })[0]).toEqual({ shape: [3], data: [60, 92, 124] });
    expect(run('ReduceSum', 13, [x234, ints([0, -1])])[0]).toEqual({ shape: [1, 3, 1], data: [60, 92, 124] });
    expect(run('ReduceMean', 13, [x234], { axes: [1] })[0]).toEqual({ shape: [2, 1, 4], data: [4, 5, 6, 7, 16, 17, 18, 19] });
    expect(run('ReduceMean', 1, [x234], { keepdims: 0 })[0]).toEqual({ shape: [], data: [11.5] });
    expect(run('ReduceMax', 18, [x234, ints([1])], { keepdims: 0 })[0]).toEqual({ shape: [2, 4], data: [8, 9, 10, 11, 20, 21, 22, 23] });
  });
  it('Reduce* noop_with_empty_axes, empty sets, NaN', () => {
    expect(run('ReduceMax', 18, [x234, ints([])], { noop_with_empty_axes: 1 })[0]).toEqual(x234);
    expect(run('ReduceL1', 18, [{ shape: [2], data: [-1, 2] }, ints([])], { noop_with_empty_axes: 1 })[0].data).toEqual([1, 2]);
    expect(run('ReduceMax', 18, [{ dtype: D.INT32, shape: [2, 0], data: [] }, ints([1])])[0]).toEqual({ shape: [2, 1], data: [-2147483648, -2147483648] });
    expect(run('ReduceMax', 18, [{ shape: [3], data: [1, NaN, 2] }])[0].data).toEqual([NaN]);
    expect(run('ReduceLogSumExp', 18, [{ dtype: D.DOUBLE, shape: [2], data: [1000, 1000] }])[0].data[0]).toBeCloseTo(1000 + Math.log(2), 9);
  });
  it('ArgMax keepdims and select_last_index', () => {
    var x = { shape: [2, 3], data: [1, 5, 5, 7, 7, 0] };
    expect(run('ArgMax', 13, [x], { axis: 1 })[0]).toEqual({ shape: [2, 1], data: [1, 0] });
    expect(run('ArgMax', 13, [x], { axis: 1, keepdims: 0, select_last_index: 1 })[0]).toEqual({ shape: [2], data: [2, 1] });
  });
  it('Softmax family: 2-D coercion before opset 13, one axis after', () => {
    var x = { shape: [1, 2, 2], data: [0, 0, 0, Math.log(3)] };
    close(run('Softmax', 11, [x], { axis: 1 })[0].data, [1 / 6, 1 / 6, 1 / 6, 1 / 2]);
    close(run('Softmax', 13, [x], { axis: 1 })[0].data, [0.5, 0.25, 0.5, 0.75]);
    close(run('LogSoftmax', 11, [x])[0].data, [1 / 6, 1 / 6, 1 / 6, 1 / 2].map(Math.log));
    expect(run('Hardmax', 11, [x])[0].data).toEqual([0, 0, 0, 1]);
    expect(run('Hardmax', 13, [x], { axis: 1 })[0].data).toEqual([1, 0, 0, 1]);
  });
  it('BatchNormalization with per-activation parameters (spatial=0) and training outputs', () => {
    var x = { shape: [1, 2, 2], data: [1, 2, 3, 4] }, p = (d: number[]) => ({ shape: [2, 2], data: d });
    var r = run('BatchNormalization', 7, [x, p([1, 1, 2, 2]), p([0, 0, 0, 1]), p([1, 1, 1, 1]), p([1, 1, 1, 1])], { epsilon: 0, spatial: 0 });
    close(r[0].data, [0, 1, 4, 7]);
    var t = run('BatchNormalization', 15, [{ shape: [2, 1], data: [1, 3] }, ...[1, 0, 0, 1].map(v => ({ shape: [1], data: [v] }))],
      { training_mode: 1, epsilon: 0, momentum: 0.5 }, 3);
    close(t[0].data, [-1, 1]); close(t[1].data, [1]); close(t[2].data, [1]);
  });
  it('LayerNormalization with a broadcast scale and Mean/InvStdDev outputs', () => {
    var r = run('LayerNormalization', 17, [{ shape: [2, 2], data: [1, 3, 2, 6] }, { shape: [1, 1], data: [2] }, null], { epsilon: 0 }, 3);
    expect(r[0].data).toEqual([-2, 2, -2, 2]);
    expect(r[1]).toEqual({ shape: [2, 1], data: [2, 4] });
    expect(r[2]).toEqual({ shape: [2, 1], data: [1, 0.5] });
  });
  it('GroupNormalization: per-group scale (opset 18) and per-channel (21)', () => {
    var x = { shape: [1, 4, 1], data: [1, 3, 5, 9] };
    close(run('GroupNormalization', 18, [x, { shape: [2], data: [1, 2] }, { shape: [2], data: [0, 1] }], { num_groups: 2, epsilon: 0 })[0].data, [-1, 1, -1, 3]);
    close(run('GroupNormalization', 21, [x, { shape: [4], data: [1, 2, 3, 4] }, { shape: [4], data: [0, 0, 0, 1] }], { num_groups: 2, epsilon: 0 })[0].data, [-1, 2, -3, 5]);
  });
  it('LpNormalization p=1 and MeanVarianceNormalization axes', () => {
    close(run('LpNormalization', 1, [{ shape: [2, 2], data: [1, -3, 2, 2] }], { p: 1, axis: 0 })[0].data, [1 / 3, -3 / 5, 2 / 3, 2 / 5]);
    close(run('MeanVarianceNormalization', 13, [{ shape: [2, 2], data: [1, 3, 5, 5] }], { axes: [1] })[0].data, [-1, 1, 0, 0]);
  });
});
