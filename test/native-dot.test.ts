// Espruino's native dot paths (device/kernels/nn/nativeDot.ts) in Node, with E.convolve written
// out as Espruino's src/jswrap_espruino.c computes it: the conv and Gemm kernels loaded with it
// must give the JS kernels' outputs bit for bit (the real Espruino runs in test/espruino.test.ts,
// on the models' own geometries; these are the others: 2-D windows, pads, strides, dilations,
// groups, bands of positions).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { kernelRunner } from './kernelRun';
import * as ConvJS from '../device/kernels/nn/Conv';
import * as GemmJS from '../device/kernels/nn/Gemm';
import * as QMatMulJS from '../device/kernels/int8/QMatMul';
import * as DynQMatMulJS from '../device/kernels/int8/DynQMatMul';
import { ARRAY_OF, sizeOf } from '../device/dtype';
import { seededRandom } from '../base/inputs';

function convolve(a: ArrayLike<number>, b: ArrayLike<number>, offset: number) {
  var s = 0;
  for (var i = 0; i < a.length; i++) s += a[i] * b[(i + offset) % b.length];
  return s;
}
var calls = 0;

async function withNatives() {
  (globalThis as any).E = { convolve: function (a: ArrayLike<number>, b: ArrayLike<number>, o: number) { calls++; return convolve(a, b, o); } };
  vi.resetModules();
  var Conv = await import('../device/kernels/nn/Conv'), Gemm = await import('../device/kernels/nn/Gemm');
  var QMatMul = await import('../device/kernels/int8/QMatMul'), DynQMatMul = await import('../device/kernels/int8/DynQMatMul');
  var contract = await import('../device/kernels/contract');
  delete (globalThis as any).E;
  return { run: kernelRunner({ Conv, Gemm } as any), QMatMul, DynQMatMul, Conv, contract };
}
afterAll(() => { delete (globalThis as any).E; });

var next = seededRandom(3);
function rnd(n: number) { var a: number[] = []; for (var i = 0; i < n; i++) a.push(next() * 2 - 1); return a; }
var prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
var js = kernelRunner({ Conv: ConvJS, Gemm: GemmJS });

describe('Espruino native dots, with E.convolve as Espruino computes it', () => {
  it('convs with windows of 64 taps or more: one native dot per output, the JS kernel\'s outputs bit for bit', async () => {
    var native = (await withNatives()).run;
    var cases: [number[], number[], any][] = [
      [[1, 129, 4], [32, 129, 3], { pads: [1, 1] }],                      // Silero's first encoder conv
      [[1, 128, 4], [16, 128, 3], { strides: [2], pads: [1, 1] }],
      [[2, 8, 9, 7], [5, 8, 3, 3], { pads: [1, 0, 2, 1], strides: [2, 1], dilations: [1, 2] }],
      [[1, 12, 6, 6], [6, 6, 4, 3], { group: 2, pads: [1, 1, 0, 2] }],
      [[1, 70, 300], [3, 70, 1], {}],                                     // pointwise: stays in JS (reads X in place)
      [[1, 2, 130, 40], [4, 2, 8, 4], { strides: [1, 1] }],               // 4,551 positions, in bands of 256
    ];
    for (var [xs, ws, attrs] of cases) {
      var ins = [{ shape: xs, data: rnd(prod(xs)) }, { shape: ws, data: rnd(prod(ws)) }, { shape: [ws[0]], data: rnd(ws[0]) }];
      var before = calls, r = native('Conv', 13, ins, attrs)[0], e = js('Conv', 13, ins, attrs)[0];
      expect(r.shape).toEqual(e.shape);
      expect(r.data, `${xs} * ${ws}`).toEqual(e.data);
      var Kc = prod(ws.slice(1)), pointwise = prod(ws.slice(2)) === 1;
      expect(calls - before, `${xs} * ${ws}: native dots`).toBe(pointwise || Kc < 64 ? 0 : 2 * prod(e.shape));   // eval runs twice
    }
  });
  it('Gemm with transB: one native dot per output, bit for bit', async () => {
    var native = (await withNatives()).run;
    var ins = [{ shape: [3, 70], data: rnd(210) }, { shape: [9, 70], data: rnd(630) }, { shape: [9], data: rnd(9) }];
    expect(native('Gemm', 13, ins, { transB: 1 })[0].data).toEqual(js('Gemm', 13, ins, { transB: 1 })[0].data);
  });
  // int8 kernels on typed arrays of their own types (kernelRun's inputs are float): output bytes
  function int8Out(k: any, inputs: any[], attrs: any): number[] {
    var t = k.infer({ op: 'n', name: 'n', opset: 1, inputs, attrs, numOutputs: 1, graphs: {} })[0];
    var out = { dtype: t.dtype, shape: t.shape, data: new (ARRAY_OF[t.dtype]!)(sizeOf(t.shape)), quant: null };
    var ev = k.prepare({ op: 'n', name: 'n', opset: 1, inputs, outputs: [out], attrs, graphs: {} });
    ev(); ev();
    return Array.from(out.data as ArrayLike<number>);
  }
  it('QMatMul and DynQMatMul (b as [N, K]): one native dot per column, the JS kernels\' outputs bit for bit', async () => {
    var k = await withNatives(), ints = (n: number, lo: number, span: number) => Int8Array.from(rnd(n), v => Math.floor((v + 1) / 2 * span) + lo);
    for (var [M, K, N, zp] of [[1, 1536, 16, 0], [3, 37, 9, 3], [2, 64, 5, -2]]) {
      var before = calls;
      var a = { dtype: 3, shape: [M, K], data: ints(M * K, -128, 255), quant: null }, b = { dtype: 3, shape: [N, K], data: ints(N * K, -127, 254), quant: null };
      var qa = { transB: 1, a_zero_point: zp, b_zero_point: [zp], multiplier: [1518500250], shift: [44], y_zero_point: -3 };
      var want = int8Out(QMatMulJS, [a, b], qa);
      expect(new Set(want).size, 'outputs spread over the int8 range').toBeGreaterThan(Math.min(4, M * N / 2));
      expect(int8Out(k.QMatMul, [a, b], qa), `QMatMul ${M}x${K}x${N}`).toEqual(want);
      var f = { dtype: 1, shape: [M, K], data: Float32Array.from(rnd(M * K), v => v * 3 + zp * 0.1), quant: null };
      var bias = { dtype: 1, shape: [N], data: Float32Array.from(rnd(N)), quant: null };
      var qd: any = { b_scale: [0.01], alpha: 0.1 };
      if (zp) qd.b_zero_point = [zp];
      expect(int8Out(k.DynQMatMul, [f, b, bias], qd), `DynQMatMul ${M}x${K}x${N}`).toEqual(int8Out(DynQMatMulJS, [f, b, bias], qd));
      expect(calls - before, 'native dots').toBe(2 * 2 * M * N);
    }
  });
  it('the parts of a split conv lay out the rows once per pass, and never reuse rows from another pass', async () => {
    var k = await withNatives(), xs = [1, 129, 4], M = 8;
    var X = { dtype: 1, shape: xs, data: new Float32Array(prod(xs)), quant: null };
    var parts = [0, 1, 2].map(p => {
      var w = { dtype: 1, shape: [M, 129, 3], data: Float32Array.from(rnd(M * 129 * 3)), quant: null };
      var y = { dtype: 1, shape: [1, M, 4], data: new Float32Array(M * 4), quant: null };
      var attrs = { pads: [1, 1] }, node = { op: 'Conv', name: 'enc/conv/part' + p, opset: 13, inputs: [X, w], outputs: [y], attrs, graphs: {} };
      return { w, y, ev: k.Conv.prepare(node as any) };
    });
    var want = (p: number) => js('Conv', 13, [{ shape: xs, data: Array.from(X.data) }, { shape: parts[p].w.shape, data: Array.from(parts[p].w.data) }], { pads: [1, 1] })[0].data;
    var before = calls;
    for (var pass = 0; pass < 3; pass++) {
      X.data.set(rnd(prod(xs)));
      k.contract.graphRuns[0]++;
      for (var p of parts) p.ev();
      parts.forEach((p, i) => expect(Array.from(p.y.data), `pass ${pass} part ${i}`).toEqual(want(i)));
    }
    expect(calls - before).toBe(3 * 3 * M * 4);
    // a later part run alone in another pass (another branch, say) lays the rows out itself
    X.data.set(rnd(prod(xs)));
    k.contract.graphRuns[0]++;
    parts[2].ev();
    expect(Array.from(parts[2].y.data)).toEqual(want(2));
  });
});
