// nn kernels run directly (infer, then prepare/eval twice) against naive references, on the
// paths the backend cases do not reach: Winograd 3-tap convs, banded im2col, strided 1-D
// views, depthwise, batch broadcasting in MatMul, Einsum ellipsis/implicit forms...
import { describe, expect, it } from 'vitest';
import * as D from '../device/dtype';
import { kernelRunner } from './kernelRun';
import * as Conv from '../device/kernels/nn/Conv';
import * as ConvTranspose from '../device/kernels/nn/ConvTranspose';
import * as MatMul from '../device/kernels/nn/MatMul';
import * as Gemm from '../device/kernels/nn/Gemm';
import * as Einsum from '../device/kernels/nn/Einsum';
import * as MaxPool from '../device/kernels/nn/MaxPool';
import * as AveragePool from '../device/kernels/nn/AveragePool';
import * as LpPool from '../device/kernels/nn/LpPool';
import * as GlobalLpPool from '../device/kernels/nn/GlobalLpPool';
import * as Det from '../device/kernels/nn/Det';

type In = { dtype?: number; shape: number[]; data: ArrayLike<number> } | null;
var runKernel = kernelRunner({ Conv, ConvTranspose, MatMul, Gemm, Einsum, MaxPool, AveragePool, LpPool, GlobalLpPool, Det });

function run(op: string, inputs: In[], attrs: any = {}, numOutputs = 1, opset = 13) {
  return runKernel(op, opset, inputs.map(t => t && { dtype: t.dtype, shape: t.shape, data: Array.from(t.data) }), attrs, numOutputs);
}

var seed = 1;
function rnd(n: number) { var a: number[] = []; for (var i = 0; i < n; i++) { seed = (seed * 16807) % 2147483647; a.push(seed / 2147483647 * 2 - 1); } return a; }
var prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
function close(a: number[], b: number[], tol = 1e-5) {
  expect(a.length).toBe(b.length);
  var worst = 0;
  for (var i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  expect(worst).toBeLessThan(tol);
}

// Naive N-D (rank 3..5) convolution with explicit pads, strides, dilations and groups.
function convRef(xs: number[], x: number[], ws: number[], w: number[], b: number[] | null, a: any) {
  var sp = xs.length - 2, group = a.group || 1, N = xs[0], C = xs[1], M = ws[0], Cg = C / group, Mg = M / group;
  var s = a.strides || Array(sp).fill(1), d = a.dilations || Array(sp).fill(1), p = a.pads || Array(2 * sp).fill(0);
  var os: number[] = [];
  for (var i = 0; i < sp; i++) os.push(Math.floor((xs[i + 2] + p[i] + p[i + sp] - (ws[i + 2] - 1) * d[i] - 1) / s[i]) + 1);
  var y: number[] = [], K = prod(ws.slice(2)), O = prod(os);
  for (var n = 0; n < N; n++) for (var m = 0; m < M; m++) for (var o = 0; o < O; o++) {
    var oi: number[] = [], r = o;
    for (var i = sp - 1; i >= 0; i--) { oi[i] = r % os[i]; r = Math.floor(r / os[i]); }
    var acc = b ? b[m] : 0, gi = Math.floor(m / Mg);
    for (var c = 0; c < Cg; c++) for (var k = 0; k < K; k++) {
      var ki: number[] = [], rk = k, off = 0, ok = true;
      for (var i = sp - 1; i >= 0; i--) { ki[i] = rk % ws[i + 2]; rk = Math.floor(rk / ws[i + 2]); }
      for (var i = 0; i < sp; i++) {
        var ii = oi[i] * s[i] + ki[i] * d[i] - p[i];
        if (ii < 0 || ii >= xs[i + 2]) ok = false;
        off = off * xs[i + 2] + ii;
      }
      if (ok) acc += w[(m * Cg + c) * K + k] * x[(n * C + gi * Cg + c) * prod(xs.slice(2)) + off];
    }
    y.push(acc);
  }
  return { shape: [N, M].concat(os), data: y };
}

function checkConv(xs: number[], ws: number[], attrs: any, bias = true) {
  var x = rnd(prod(xs)), w = rnd(prod(ws)), b = bias ? rnd(ws[0]) : null;
  var r = run('Conv', [{ shape: xs, data: x }, { shape: ws, data: w }, b && { shape: [ws[0]], data: b }], attrs)[0];
  var e = convRef(xs, x, ws, w, b, attrs);
  expect(r.shape).toEqual(e.shape);
  close(r.data, e.data);
}

describe('Conv', () => {
  it('3-tap convs along one axis (Winograd F(4,3)), with pads and ragged tails', () => {
    checkConv([1, 8, 11, 9], [6, 8, 1, 3], { pads: [0, 1, 0, 1] });
    checkConv([2, 5, 14, 7], [4, 5, 3, 1], { pads: [2, 0, 1, 0] });
    checkConv([1, 4, 23], [5, 4, 3], { pads: [1, 0] }, false);
    checkConv([1, 4, 9, 3, 2], [4, 4, 3, 1, 1], {});
    checkConv([1, 24, 300, 8], [24, 24, 1, 3], { pads: [0, 1, 0, 1] });  // several tile bands
  });
  it('im2col in bands, strides, dilations, groups, 3-D', () => {
    checkConv([1, 3, 70, 64], [8, 3, 3, 3], { pads: [1, 1, 1, 1] });
    checkConv([2, 6, 9, 10], [4, 3, 3, 2], { strides: [2, 3], dilations: [2, 1], pads: [1, 0, 2, 1], group: 2 });
    checkConv([1, 2, 5, 6, 7], [3, 2, 2, 3, 2], { strides: [1, 2, 1], pads: [0, 1, 1, 1, 0, 0] });
  });
  it('pointwise, strided 1-D windows, depthwise', () => {
    checkConv([2, 6, 5, 3], [7, 6, 1, 1], {});
    checkConv([1, 1, 300], [9, 1, 40], { strides: [13] });
    checkConv([1, 2, 300], [6, 1, 40], { strides: [13], dilations: [2], group: 2 });
    checkConv([2, 4, 9, 8], [4, 1, 3, 3], { group: 4, pads: [1, 1, 1, 1], strides: [2, 1] });
    checkConv([1, 3, 7, 7], [6, 1, 3, 3], { group: 3, pads: [1, 0, 1, 2], dilations: [2, 2] });
  });
  it('auto_pad SAME_LOWER/SAME_UPPER shapes', () => {
    var x = { shape: [1, 1, 5, 6], data: rnd(30) }, w = { shape: [1, 1, 3, 2], data: rnd(6) };
    expect(run('Conv', [x, w], { auto_pad: 'SAME_UPPER', strides: [2, 2] })[0].shape).toEqual([1, 1, 3, 3]);
    var lower = run('Conv', [x, w], { auto_pad: 'SAME_LOWER' })[0];
    close(lower.data, convRef(x.shape, x.data as number[], w.shape, w.data as number[], null, { pads: [1, 1, 1, 0] }).data);
  });
});

describe('ConvTranspose', () => {
  // y[o] += x[i] * w[k] where o = i*s + k*d - pad
  it('matches scatter definition with groups, strides, dilations, output_padding', () => {
    var xs = [1, 4, 3, 4], ws = [4, 3, 2, 3], group = 2, s = [2, 1], d = [1, 2], p = [1, 0, 0, 1], op = [1, 0];
    var x = rnd(prod(xs)), w = rnd(prod(ws)), b = rnd(6);
    var r = run('ConvTranspose', [{ shape: xs, data: x }, { shape: ws, data: w }, { shape: [6], data: b }],
      { group, strides: s, dilations: d, pads: p, output_padding: op })[0];
    var O = [s[0] * 2 + op[0] + 2 - 1, s[1] * 3 + op[1] + 5 - 1];
    expect(r.shape).toEqual([1, 6, O[0], O[1]]);
    var y = new Array(6 * O[0] * O[1]).fill(0);
    for (var m = 0; m < 6; m++) for (var i = 0; i < O[0] * O[1]; i++) y[m * O[0] * O[1] + i] = b[m];
    for (var c = 0; c < 4; c++) for (var ml = 0; ml < 3; ml++) for (var ih = 0; ih < 3; ih++) for (var iw = 0; iw < 4; iw++)
      for (var kh = 0; kh < 2; kh++) for (var kw = 0; kw < 3; kw++) {
        var oh = ih * s[0] + kh * d[0] - p[0], ow = iw * s[1] + kw * d[1] - p[1], m = Math.floor(c / 2) * 3 + ml;
        if (oh >= 0 && oh < O[0] && ow >= 0 && ow < O[1]) y[(m * O[0] + oh) * O[1] + ow] += x[(c * 3 + ih) * 4 + iw] * w[((c * 3 + ml) * 2 + kh) * 3 + kw];
      }
    close(r.data, y);
  });
});

function matmulRef(as: number[], a: number[], bs: number[], b: number[]) {
  var A = as.length === 1 ? [1, as[0]] : as, B = bs.length === 1 ? [bs[0], 1] : bs;
  var M = A[A.length - 2], K = A[A.length - 1], N = B[B.length - 1], ab = A.slice(0, -2), bb = B.slice(0, -2);
  var r = Math.max(ab.length, bb.length), batch: number[] = [];
  for (var i = 0; i < r; i++) { var x = ab[i - r + ab.length] ?? 1, z = bb[i - r + bb.length] ?? 1; batch.push(Math.max(x, z)); }
  var y: number[] = [];
  for (var t = 0; t < prod(batch); t++) {
    var oa = 0, ob = 0, rest = t, sa = 1, sb = 1;
    for (var i = r - 1; i >= 0; i--) {
      var c = rest % batch[i]; rest = Math.floor(rest / batch[i]);
      var da = ab[i - r + ab.length] ?? 1, db = bb[i - r + bb.length] ?? 1;
      if (da > 1) oa += c * sa; if (db > 1) ob += c * sb; sa *= da; sb *= db;
    }
    for (var m = 0; m < M; m++) for (var n = 0; n < N; n++) {
      var s = 0;
      for (var k = 0; k < K; k++) s += a[oa * M * K + m * K + k] * b[ob * K * N + k * N + n];
      y.push(s);
    }
  }
  return y;
}

describe('MatMul and Gemm', () => {
  it('MatMul batch broadcasting and 1-D operands', () => {
    var cases: number[][][] = [[[2, 1, 5, 7], [3, 7, 6]], [[5, 7], [2, 3, 7, 6]], [[7], [2, 7, 9]], [[3, 5, 7], [7]], [[1, 9, 7], [4, 7, 5]], [[6], [6]]];
    for (var c of cases) {
      var a = rnd(prod(c[0])), b = rnd(prod(c[1]));
      close(run('MatMul', [{ shape: c[0], data: a }, { shape: c[1], data: b }])[0].data, matmulRef(c[0], a, c[1], b));
    }
    expect(run('MatMul', [{ shape: [7], data: rnd(7) }, { shape: [2, 7, 9], data: rnd(126) }])[0].shape).toEqual([2, 9]);
  });
  // gemm's promise (gemmCore.ts), which Espruino's native dots keep bit for bit: every output is
  // one sum in k order from 0, then + bias, rounded once by the float32 store
  it('matrix-vector products (dots8: 8-column blocks, tails in k and in columns) are the k-order sums, bit for bit', () => {
    for (var [M, N, K] of [[1, 8, 4], [1, 21, 37], [2, 16, 6], [3, 19, 130], [1, 64, 129]]) {
      var a = rnd(M * K), b = rnd(N * K), c = rnd(N);
      var r = run('Gemm', [{ shape: [M, K], data: a }, { shape: [N, K], data: b }], { transB: 1 })[0];
      var rc = run('Gemm', [{ shape: [M, K], data: a }, { shape: [N, K], data: b }, { shape: [N], data: c }], { transB: 1 })[0];
      var y: number[] = [], yc: number[] = [];
      for (var m = 0; m < M; m++) for (var n = 0; n < N; n++) {
        var s = 0;
        for (var k = 0; k < K; k++) s += Math.fround(a[m * K + k]) * Math.fround(b[n * K + k]);
        y.push(Math.fround(s + 0)); yc.push(Math.fround(Math.fround(s + 0) + Math.fround(c[n])));
      }
      expect(r.data, `${M}x${N}x${K}`).toEqual(y);
      expect(rc.data, `${M}x${N}x${K} with C`).toEqual(yc);
    }
  });
  it('convs with one output position (dots8 over the weight rows, then 4 and 1 rows) are the k-order sums plus bias, bit for bit', () => {
    for (var [C, M, L] of [[5, 13, 3], [9, 8, 3], [3, 21, 5]]) {
      var x = rnd(C * L), w = rnd(M * C * L), b = rnd(M);
      var r = run('Conv', [{ shape: [1, C, L], data: x }, { shape: [M, C, L], data: w }, { shape: [M], data: b }])[0];
      var y: number[] = [];
      for (var m = 0; m < M; m++) {
        var s = 0;
        for (var k = 0; k < C * L; k++) s += Math.fround(w[m * C * L + k]) * Math.fround(x[k]);
        y.push(Math.fround(s + Math.fround(b[m])));
      }
      expect(r.shape).toEqual([1, M, 1]);
      expect(r.data, `C ${C} M ${M} L ${L}`).toEqual(y);
    }
  });
  it('Gemm transposes, alpha/beta and a row-broadcast C', () => {
    var a = rnd(15), b = rnd(35), c = rnd(7);
    var r = run('Gemm', [{ shape: [5, 3], data: a }, { shape: [7, 5], data: b }, { shape: [1, 7], data: c }], { transA: 1, transB: 1, alpha: 0.5, beta: 2 })[0];
    var y: number[] = [];
    for (var m = 0; m < 3; m++) for (var n = 0; n < 7; n++) { var s = 0; for (var k = 0; k < 5; k++) s += a[k * 3 + m] * b[n * 5 + k]; y.push(0.5 * s + 2 * c[n]); }
    close(r.data, y);
  });
});

describe('Einsum', () => {
  var e = (eq: string, ins: { shape: number[]; data: number[] }[]) => run('Einsum', ins, { equation: eq }, 1, 12)[0];
  it('implicit output, ellipsis broadcasting, diagonals, three operands', () => {
    var a = { shape: [2, 3], data: rnd(6) }, b = { shape: [3, 4], data: rnd(12) };
    expect(e('ij,jk', [a, b]).data).toEqual(e('ij,jk->ik', [a, b]).data);
    expect(e('ji', [a]).shape).toEqual([3, 2]);                // implicit output sorts labels: 'ij', a transpose
    var x = { shape: [2, 1, 3, 3], data: rnd(18) }, v = { shape: [4, 3], data: rnd(12) };
    var r = e('...ii,...i->...i', [x, v]);
    expect(r.shape).toEqual([2, 4, 3]);
    expect(r.data[(1 * 4 + 2) * 3 + 1]).toBeCloseTo(x.data[9 + 4] * v.data[7], 6);
    var p = { shape: [3], data: rnd(3) }, q = { shape: [4], data: rnd(4) }, s = { shape: [3, 4], data: rnd(12) };
    var t = e('i,j,ij->', [p, q, s]), want = 0;
    for (var i = 0; i < 3; i++) for (var j = 0; j < 4; j++) want += p.data[i] * q.data[j] * s.data[i * 4 + j];
    expect(t.shape).toEqual([]); expect(t.data[0]).toBeCloseTo(want, 6);
    expect(e('iij->j', [{ shape: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] }]).data).toEqual([1 + 7, 2 + 8]);
  });
  it('attention-style products run as strided gemms', () => {
    var q = { shape: [2, 3, 4, 5], data: rnd(120) }, k = { shape: [2, 3, 6, 5], data: rnd(180) };
    var r = e('bhqd,bhkd->bhkq', [q, k]), want: number[] = [];
    for (var b = 0; b < 2; b++) for (var h = 0; h < 3; h++) for (var j = 0; j < 6; j++) for (var i = 0; i < 4; i++) {
      var s = 0;
      for (var d = 0; d < 5; d++) s += q.data[((b * 3 + h) * 4 + i) * 5 + d] * k.data[((b * 3 + h) * 6 + j) * 5 + d];
      want.push(s);
    }
    expect(r.shape).toEqual([2, 3, 6, 4]);
    close(r.data, want);
  });
});

describe('pools and Det', () => {
  it('MaxPool indices in both storage orders, with pads and dilations', () => {
    var x = { shape: [1, 2, 4, 5], data: rnd(40) };
    var r = run('MaxPool', [x], { kernel_shape: [2, 3], pads: [1, 1, 0, 0], dilations: [1, 2] }, 2, 12);
    var c = run('MaxPool', [x], { kernel_shape: [2, 3], pads: [1, 1, 0, 0], dilations: [1, 2], storage_order: 1 }, 2, 12);
    expect(r[0].shape).toEqual([1, 2, 4, 2]);
    r[1].data.forEach((ix, i) => {
      expect(r[0].data[i]).toBe(Math.fround(x.data[ix]));
      var pl = Math.floor(ix / 20), h = Math.floor(ix % 20 / 5), w = ix % 5;
      expect(c[1].data[i]).toBe(pl * 20 + h + w * 4);
    });
  });
  it('MaxPool windows of up to 4 taps inside the input (unrolled), strides and dilations', () => {
    var x = { shape: [1, 2, 6, 7], data: rnd(84) };
    for (var a of [{ k: [2, 2], s: [2, 2], d: [1, 1] }, { k: [1, 2], s: [1, 2], d: [1, 1] }, { k: [2, 1], s: [2, 1], d: [1, 1] },
      { k: [1, 3], s: [1, 1], d: [1, 2] }, { k: [2, 2], s: [1, 3], d: [2, 1] }, { k: [1, 1], s: [2, 2], d: [1, 1] }]) {
      var r = run('MaxPool', [x], { kernel_shape: a.k, strides: a.s, dilations: a.d })[0], want: number[] = [];
      var OH = Math.floor((6 - (a.k[0] - 1) * a.d[0] - 1) / a.s[0]) + 1, OW = Math.floor((7 - (a.k[1] - 1) * a.d[1] - 1) / a.s[1]) + 1;
      for (var pl = 0; pl < 2; pl++) for (var oh = 0; oh < OH; oh++) for (var ow = 0; ow < OW; ow++) {
        var m = -Infinity;
        for (var kh = 0; kh < a.k[0]; kh++) for (var kw = 0; kw < a.k[1]; kw++)
          m = Math.max(m, Math.fround(x.data[pl * 42 + (oh * a.s[0] + kh * a.d[0]) * 7 + ow * a.s[1] + kw * a.d[1]]));
        want.push(m);
      }
      expect(r.shape).toEqual([1, 2, OH, OW]);
      expect(Array.from(r.data)).toEqual(want);
    }
  });
  it('LpPool p=1 and p=3, GlobalLpPool p=3', () => {
    var x = { shape: [1, 1, 2, 2], data: [1, -2, 3, -4] };
    expect(run('LpPool', [x], { kernel_shape: [2, 2], p: 1 })[0].data).toEqual([10]);
    expect(run('LpPool', [x], { kernel_shape: [2, 2], p: 3 })[0].data[0]).toBeCloseTo(Math.cbrt(100), 5);
    expect(run('GlobalLpPool', [x], { p: 3 })[0].data[0]).toBeCloseTo(Math.cbrt(100), 5);
  });
  it('AveragePool count_include_pad and ceil_mode', () => {
    var x = { shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
    expect(run('AveragePool', [x], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }, 1, 10)[0].data).toEqual([3, 4.5, 7.5, 9]);
    expect(run('AveragePool', [x], { kernel_shape: [2, 2], pads: [1, 1, 0, 0], count_include_pad: 1 }, 1, 10)[0].data.slice(0, 2)).toEqual([0.25, 0.75]);
  });
  it('Det of singular, permuted and batched matrices', () => {
    var r = run('Det', [{ dtype: D.DOUBLE, shape: [3, 2, 2], data: [1, 2, 2, 4, 0, 1, 1, 0, 3, 1, 4, 2] }], {}, 1, 11)[0];
    expect(r.shape).toEqual([3]);
    expect(r.data[0]).toBe(0); expect(r.data[1]).toBeCloseTo(-1, 12); expect(r.data[2]).toBeCloseTo(2, 12);
  });
});
