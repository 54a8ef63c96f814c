import { describe, it, expect } from 'vitest';
import * as N from '../device/kernels/elementwise/narrow';
import * as Cast from '../device/kernels/elementwise/Cast';
import * as CastLike from '../device/kernels/elementwise/CastLike';
import { Node, Tensor } from '../device/kernels/contract';
import { InferNode } from '../device/kernels/infer';
import * as D from '../device/dtype';

// Independent reference: decode every code of a format, then pick the nearest value by search,
// ties to the even code. A virtual value one ulp above max stands for "overflowed".
interface Fmt { name: string; eb: number; mb: number; bias: number; finite: (code: number) => boolean }
function decode(code: number, f: Fmt): number {
  var e = code >> f.mb, m = code & ((1 << f.mb) - 1);
  return e === 0 ? m * Math.pow(2, 1 - f.bias - f.mb) : (1 + m / (1 << f.mb)) * Math.pow(2, e - f.bias);
}
function table(f: Fmt) {
  var vals: number[] = [], codes: number[] = [];
  for (var c = 0; c < 1 << (f.eb + f.mb); c++) if (f.finite(c)) { vals.push(decode(c, f)); codes.push(c); }
  var max = vals[vals.length - 1], last = codes[codes.length - 1];
  vals.push(max + (max - vals[vals.length - 2])); codes.push(last + 1);   // the overflow slot
  return { vals, codes, max };
}
// Nearest non-negative value of a >= 0; Infinity when it lands in the overflow slot.
function nearest(t: ReturnType<typeof table>, a: number): number {
  var v = t.vals, lo = 0, hi = v.length - 1;
  if (a >= v[hi]) return Infinity;
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (v[mid] <= a) lo = mid; else hi = mid; }
  var dl = a - v[lo], dh = v[hi] - a;
  var k = dl < dh ? lo : dh < dl ? hi : (t.codes[lo] & 1) === 0 ? lo : hi;
  return k === v.length - 1 ? Infinity : v[k];
}

var FMTS: { dtype: number; f: Fmt; ovf: number; satOvf: number; negZero: boolean }[] = [
  { dtype: D.FLOAT16, f: { name: 'float16', eb: 5, mb: 10, bias: 15, finite: c => c >> 10 !== 31 }, ovf: Infinity, satOvf: Infinity, negZero: true },
  { dtype: D.BFLOAT16, f: { name: 'bfloat16', eb: 8, mb: 7, bias: 127, finite: c => c >> 7 !== 255 }, ovf: Infinity, satOvf: Infinity, negZero: true },
  { dtype: D.FLOAT8E4M3FN, f: { name: 'e4m3fn', eb: 4, mb: 3, bias: 7, finite: c => c !== 0x7f }, ovf: NaN, satOvf: 448, negZero: true },
  { dtype: D.FLOAT8E4M3FNUZ, f: { name: 'e4m3fnuz', eb: 4, mb: 3, bias: 8, finite: () => true }, ovf: NaN, satOvf: 240, negZero: false },
  { dtype: D.FLOAT8E5M2, f: { name: 'e5m2', eb: 5, mb: 2, bias: 15, finite: c => c >> 2 !== 31 }, ovf: Infinity, satOvf: 57344, negZero: true },
  { dtype: D.FLOAT8E5M2FNUZ, f: { name: 'e5m2fnuz', eb: 5, mb: 2, bias: 16, finite: () => true }, ovf: NaN, satOvf: 57344, negZero: false },
  { dtype: D.FLOAT4E2M1, f: { name: 'e2m1', eb: 2, mb: 1, bias: 1, finite: () => true }, ovf: 6, satOvf: 6, negZero: true },
];

var f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
function same(a: number, b: number) { return Object.is(a, b) || (a !== a && b !== b); }

describe('narrow rounding helpers', () => {
  for (var spec of FMTS) (function (s) {
    it(s.f.name + ' rounds to nearest even, overflow and signed zero per spec', () => {
      var t = table(s.f);
      // Every value, the midpoints, and points just around them; plus random float32s.
      var probes: number[] = [];
      for (var i = 0; i < t.vals.length; i++) {
        var v = t.vals[i], w = i + 1 < t.vals.length ? t.vals[i + 1] : v * 2, mid = (v + w) / 2;
        probes.push(v, mid, mid * (1 + 1e-12), mid * (1 - 1e-12), (v + mid) / 2);
      }
      var seed = 12345;
      for (var r = 0; r < 5000; r++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        u32[0] = (seed * 2 + (r & 1)) >>> 0;
        if (f32[0] === f32[0] && Math.abs(f32[0]) !== Infinity) probes.push(Math.abs(f32[0]));
      }
      probes.push(1e-300, 1e300, Infinity);
      var bad: string[] = [];
      for (var sat = 0; sat < 2; sat++) for (var p of probes) for (var sign = -1; sign <= 1; sign += 2) {
        var x = sign * p, n = nearest(t, p);
        var want = n === Infinity ? (sat ? s.satOvf : s.ovf) * sign : sign < 0 && n === 0 && !s.negZero ? 0 : sign * n;
        var got = N.roundTo(s.dtype, x, sat === 1, 'up');
        var bound = N.narrowRounder(s.dtype, sat === 1, 'up')!(x);
        if (!same(got, want) || !same(bound, want)) bad.push(`x=${x} sat=${sat}: got ${got}/${bound}, want ${want}`);
      }
      expect(bad.slice(0, 5)).toEqual([]);
      expect(same(N.roundTo(s.dtype, NaN, true, 'up'), s.dtype === D.FLOAT4E2M1 ? -0 : NaN)).toBe(true);
      expect(Object.is(N.roundTo(s.dtype, -0, true, 'up'), s.negZero ? -0 : 0)).toBe(true);
    });
  })(spec);

  it('bfloat16 matches the float32 bit-pattern rounding', () => {
    var seed = 99, bad = 0;
    for (var r = 0; r < 50000; r++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      u32[0] = (seed * 2 + (r & 1)) >>> 0;
      var x = f32[0];
      if (x !== x) continue;
      var b = u32[0];
      u32[0] = ((b + 0x7fff + ((b >>> 16) & 1)) >>> 0) & 0xffff0000;
      if (!same(N.roundBfloat16(x), f32[0])) bad++;
    }
    expect(bad).toBe(0);
  });

  it('float8e8m0 follows the ONNX reference (float32 exponent, round_mode, saturate)', () => {
    var p = (e: number) => Math.pow(2, e);
    var cases: [number, boolean, string, number][] = [
      [0, true, 'up', p(-127)], [0.124, true, 'up', 0.125], [0.25, true, 'up', 0.25], [1.1, true, 'up', 2],
      [-1.1, true, 'up', 2], [1.5, true, 'nearest', 2], [1.4999, true, 'nearest', 1], [1.9, true, 'down', 1],
      [p(127) * 1.5, true, 'up', p(127)], [p(127) * 1.5, false, 'up', NaN], [p(127) * 1.5, false, 'nearest', NaN],
      [p(127) * 1.5, false, 'down', p(127)], [NaN, true, 'up', NaN], [Infinity, true, 'up', NaN],
      [p(-127), true, 'up', p(-126)], [p(-127), true, 'nearest', p(-127)], [p(-130), true, 'nearest', p(-127)],
      [3e38 * 10, true, 'up', NaN],
    ];
    for (var c of cases) expect([c, N.roundFloat8e8m0(c[0], c[1], c[2])]).toEqual([c, c[3]]);
  });

  it('int4/uint4/int2/uint2 truncate then wrap', () => {
    expect([-9, -8, -1, 0, 7, 8, 15, 16, 2.7, -2.7, NaN, Infinity].map(x => N.wrapNarrowInt(D.INT4, x)))
      .toEqual([7, -8, -1, 0, 7, -8, -1, 0, 2, -2, 0, 0]);
    expect([-9, -1, 0, 15, 16, 17.9].map(x => N.wrapNarrowInt(D.UINT4, x))).toEqual([7, 15, 0, 15, 0, 1]);
    expect([-3, -2, -1, 0, 1, 2, 3].map(x => N.wrapNarrowInt(D.INT2, x))).toEqual([1, -2, -1, 0, 1, -2, -1]);
    expect([-3, -2, -1, 0, 1, 2, 3].map(x => N.wrapNarrowInt(D.UINT2, x))).toEqual([1, 2, 3, 0, 1, 2, 3]);
    expect(Object.is(N.wrapNarrowInt(D.INT4, -0.5), 0)).toBe(true);
    expect([D.INT4, D.UINT4, D.INT2, D.UINT2].map(d => [N.narrowIntMin(d), N.narrowIntMax(d)]))
      .toEqual([[-8, 7], [0, 15], [-2, 1], [0, 3]]);
  });

  it('isNarrow and narrowRounder agree', () => {
    for (var d = 1; d <= 26; d++) expect([d, N.isNarrow(d)]).toEqual([d, N.narrowRounder(d, true, 'up') !== null]);
  });
});

function runCast(k: any, from: number, data: number[], attrs: any, likeDtype?: number): number[] {
  var X: Tensor = { dtype: from, shape: [data.length], data: new (D.ARRAY_OF[from]!)(data), quant: null };
  var inputs: any[] = [{ dtype: from, shape: X.shape, data: X.data }];
  if (likeDtype !== undefined) inputs.push({ dtype: likeDtype, shape: [1] });
  var inode: InferNode = { op: 'Cast', name: 'n', opset: 24, inputs, attrs, numOutputs: 1, graphs: {} };
  var o = k.infer(inode)[0];
  var Y: Tensor = { dtype: o.dtype, shape: o.shape, data: new (D.ARRAY_OF[o.dtype]!)(data.length), quant: null };
  var ins: Tensor[] = [X];
  if (likeDtype !== undefined) ins.push({ dtype: likeDtype, shape: [1], data: new (D.ARRAY_OF[likeDtype]!)(1), quant: null });
  var node: Node = { op: 'Cast', name: 'n', opset: 24, inputs: ins, outputs: [Y], attrs, graphs: {} };
  k.prepare(node)();
  return Array.from(Y.data);
}

describe('Cast / CastLike into reduced-precision types', () => {
  it('rounds, saturates and honours saturate=0', () => {
    expect(runCast(Cast, D.FLOAT, [0.4789, 1e6, -1e6, Infinity], { to: D.FLOAT8E4M3FN })).toEqual([0.46875, 448, -448, 448]);
    expect(runCast(Cast, D.FLOAT, [0.4789, 1e6, -1e-7], { to: D.FLOAT8E4M3FN, saturate: 0 })).toEqual([0.46875, NaN, -0]);
    expect(runCast(Cast, D.FLOAT, [1e6, -1e-7], { to: D.FLOAT8E5M2FNUZ, saturate: 0 })).toEqual([NaN, 0]);
    expect(runCast(Cast, D.DOUBLE, [65519.99, 65520, 1 + Math.pow(2, -11)], { to: D.FLOAT16 })).toEqual([65504, Infinity, 1]);
    expect(runCast(Cast, D.FLOAT, [-9, 8, 15], { to: D.INT4 })).toEqual([7, -8, -1]);
    expect(runCast(CastLike, D.FLOAT, [1.1, 0], { round_mode: 'down' }, D.FLOAT8E8M0)).toEqual([1, Math.pow(2, -127)]);
    expect(runCast(CastLike, D.FLOAT, [0.8191054463386536], {}, D.BFLOAT16)).toEqual([0.8203125]);
  });
  it('copies the same type unchanged and still uses typed-array stores for plain types', () => {
    expect(runCast(Cast, D.FLOAT8E8M0, [Math.pow(2, -127)], { to: D.FLOAT8E8M0 })).toEqual([Math.pow(2, -127)]);
    expect(runCast(Cast, D.FLOAT16, [2.5, -3.75, 65504], { to: D.INT8 })).toEqual([2, -3, -32]);
  });
  it('opset 1-5 string types name float16 and bfloat16', () => {
    expect(runCast(Cast, D.FLOAT, [1 + Math.pow(2, -12)], { to: 'float16' })).toEqual([1]);
  });
  it('rejects an unknown round_mode', () => {
    expect(() => runCast(Cast, D.FLOAT, [1], { to: D.FLOAT8E8M0, round_mode: 'even' })).toThrow(/round_mode/);
  });
});
