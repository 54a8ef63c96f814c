// Tensor layout/indexing kernels run directly (infer, then prepare/eval twice) on small cases
// whose expected values come from numpy.
import { describe, expect, it } from 'vitest';
import * as D from '../device/dtype';
import { kernelRunner } from './kernelRun';
import * as Transpose from '../device/kernels/tensor/Transpose';
import * as Slice from '../device/kernels/tensor/Slice';
import * as Pad from '../device/kernels/tensor/Pad';
import * as Split from '../device/kernels/tensor/Split';
import * as Concat from '../device/kernels/tensor/Concat';
import * as Tile from '../device/kernels/tensor/Tile';
import * as Expand from '../device/kernels/tensor/Expand';
import * as Gather from '../device/kernels/tensor/Gather';
import * as GatherElements from '../device/kernels/tensor/GatherElements';
import * as GatherND from '../device/kernels/tensor/GatherND';
import * as ScatterElements from '../device/kernels/tensor/ScatterElements';
import * as ScatterND from '../device/kernels/tensor/ScatterND';
import * as TopK from '../device/kernels/tensor/TopK';
import * as Unique from '../device/kernels/tensor/Unique';
import * as CumSum from '../device/kernels/tensor/CumSum';
import * as OneHot from '../device/kernels/tensor/OneHot';
import * as Compress from '../device/kernels/tensor/Compress';
import * as NonZero from '../device/kernels/tensor/NonZero';
import * as Trilu from '../device/kernels/tensor/Trilu';

var run = kernelRunner({ Transpose, Slice, Pad, Split, Concat, Tile, Expand, Gather, GatherElements, GatherND, ScatterElements, ScatterND, TopK, Unique, CumSum, OneHot, Compress, NonZero, Trilu });
var range = (n: number) => Array.from({ length: n }, (_, i) => i);
var ints = (data: number[]) => ({ dtype: D.INT32, shape: [data.length], data, konst: true });
var x234 = { shape: [2, 3, 4], data: range(24) };
var x23 = { shape: [2, 3], data: range(6) };

describe('tensor kernels', () => {
  it('Transpose', () => {
    expect(run('Transpose', 13, [x234], { perm: [2, 0, 1] })[0]).toEqual({ shape: [4, 2, 3],
      data: [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23] });
    expect(run('Transpose', 13, [x23])[0]).toEqual({ shape: [3, 2], data: [0, 3, 1, 4, 2, 5] });
  });
  it('Slice with negative steps and saturated ends', () => {
    var r = run('Slice', 13, [x234, ints([-1, 2, -1]), ints([-2147483648, 0, -2147483648]), ints([0, 1, 2]), ints([-1, -1, -2])]);
    expect(r[0]).toEqual({ shape: [2, 2, 2], data: [23, 21, 19, 17, 11, 9, 7, 5] });
    expect(run('Slice', 1, [x234], { starts: [1], ends: [2147483647], axes: [1] })[0].shape).toEqual([2, 2, 4]);
  });
  it('Pad modes and cropping', () => {
    var pads = ints([0, 2, 0, 3]);
    expect(run('Pad', 19, [x23, pads], { mode: 'reflect' })[0].data).toEqual([2, 1, 0, 1, 2, 1, 0, 1, 5, 4, 3, 4, 5, 4, 3, 4]);
    expect(run('Pad', 19, [x23, pads], { mode: 'edge' })[0].data).toEqual([0, 0, 0, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5, 5, 5, 5]);
    expect(run('Pad', 19, [x23, pads], { mode: 'wrap' })[0].data).toEqual([1, 2, 0, 1, 2, 0, 1, 2, 4, 5, 3, 4, 5, 3, 4, 5]);
    var r = run('Pad', 19, [x23, ints([1, -1, 0, 0]), { shape: [], data: [7] }]);
    expect(r[0]).toEqual({ shape: [3, 2], data: [7, 7, 1, 2, 4, 5] });
  });
  it('Split: num_outputs with a shorter last part, split input', () => {
    var r = run('Split', 18, [{ shape: [7], data: range(7) }], { num_outputs: 3 }, 3);
    expect(r.map(o => o.data)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    r = run('Split', 13, [x23, ints([1, 2])], { axis: 1 }, 2);
    expect(r.map(o => o.data)).toEqual([[0, 3], [1, 2, 4, 5]]);
  });
  it('Concat, Tile, Expand', () => {
    expect(run('Concat', 13, [x23, { shape: [2, 1], data: [9, 8] }], { axis: -1 })[0].data).toEqual([0, 1, 2, 9, 3, 4, 5, 8]);
    expect(run('Tile', 13, [x23, ints([2, 1])])[0].data).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
    expect(run('Expand', 13, [{ shape: [2, 1], data: [1, 2] }, ints([2, 3])])[0].data).toEqual([1, 1, 1, 2, 2, 2]);
  });
  it('Gather family with negative indices', () => {
    expect(run('Gather', 13, [x23, { dtype: D.INT32, shape: [2], data: [-1, 0] }], { axis: 1 })[0].data).toEqual([2, 0, 5, 3]);
    expect(run('GatherElements', 13, [x23, { dtype: D.INT32, shape: [1, 3], data: [1, -2, 0] }])[0].data).toEqual([3, 1, 2]);
    var r = run('GatherND', 13, [x234, { dtype: D.INT32, shape: [2, 1, 1], data: [-1, 0] }], { batch_dims: 1 });
    expect(r[0]).toEqual({ shape: [2, 1, 4], data: [8, 9, 10, 11, 12, 13, 14, 15] });
  });
  it('Scatter reductions', () => {
    var r = run('ScatterElements', 18, [x23, { dtype: D.INT32, shape: [1, 2], data: [1, 1] }, { shape: [1, 2], data: [10, 0] }], { axis: 1, reduction: 'max' });
    expect(r[0].data).toEqual([0, 10, 2, 3, 4, 5]);
    r = run('ScatterND', 18, [x23, { dtype: D.INT32, shape: [2, 1], data: [1, -1] }, { shape: [2, 3], data: [1, 1, 1, 2, 2, 2] }], { reduction: 'add' });
    expect(r[0].data).toEqual([0, 1, 2, 6, 7, 8]);
  });
  it('TopK keeps the lower index first on ties', () => {
    var r = run('TopK', 11, [{ shape: [5], data: [3, 1, 3, 2, 3] }, ints([3])], {}, 2);
    expect(r[0].data).toEqual([3, 3, 3]);
    expect(r[1].data).toEqual([0, 2, 4]);
    r = run('TopK', 11, [{ shape: [5], data: [3, 1, 3, 2, 3] }, ints([2])], { largest: 0 }, 2);
    expect(r[1].data).toEqual([1, 3]);
  });
  it('Unique along an axis, sorted', () => {
    var r = run('Unique', 11, [{ shape: [3, 3], data: [1, 0, 0, 1, 0, 0, 2, 3, 4], konst: true }], { axis: 1 }, 4);
    expect(r.map(o => o.data)).toEqual([[0, 0, 1, 0, 0, 1, 3, 4, 2], [1, 2, 0], [2, 0, 1], [1, 1, 1]]);
  });
  it('CumSum exclusive reverse, OneHot, Compress, NonZero, Trilu', () => {
    expect(run('CumSum', 14, [{ shape: [4], data: [1, 2, 3, 4] }, { dtype: D.INT32, shape: [], data: [0], konst: true }], { exclusive: 1, reverse: 1 })[0].data).toEqual([9, 7, 4, 0]);
    expect(run('OneHot', 11, [{ dtype: D.INT32, shape: [2], data: [-1, 5] }, { shape: [], data: [3], konst: true }, { shape: [2], data: [0, 1] }])[0].data).toEqual([0, 0, 1, 0, 0, 0]);
    expect(run('Compress', 11, [x23, { dtype: D.BOOL, shape: [3], data: [1, 0, 1], konst: true }], { axis: 1 })[0].data).toEqual([0, 2, 3, 5]);
    expect(run('NonZero', 13, [{ shape: [2, 2], data: [1, 0, 0, 1], konst: true }])[0]).toEqual({ shape: [2, 2], data: [0, 1, 0, 1] });
    expect(run('Trilu', 14, [x23, { dtype: D.INT32, shape: [], data: [1] }], { upper: 0 })[0].data).toEqual([0, 1, 0, 3, 4, 5]);
  });
});
