// Espruino's native dot paths (device/kernels/nn/nativeDot.ts) in Node, with E.convolve written
// out as Espruino's src/jswrap_espruino.c computes it: the conv and Gemm kernels loaded with it
// must give the JS kernels' outputs bit for bit (the real Espruino runs in test/espruino.test.ts,
// on the models' own geometries; these are the others: 2-D windows, pads, strides, dilations,
// groups, bands of positions).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { kernelRunner } from './kernelRun';
import * as ConvJS from '../device/kernels/nn/Conv';
import * as GemmJS from '../device/kernels/nn/Gemm';

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
  delete (globalThis as any).E;
  return kernelRunner({ Conv, Gemm } as any);
}
afterAll(() => { delete (globalThis as any).E; });

var seed = 3;
function rnd(n: number) { var a: number[] = []; for (var i = 0; i < n; i++) { seed = (seed * 16807) % 2147483647; a.push(seed / 2147483647 * 2 - 1); } return a; }
var prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
var js = kernelRunner({ Conv: ConvJS, Gemm: GemmJS });

describe('Espruino native dots, with E.convolve as Espruino computes it', () => {
  it('convs with windows of 64 taps or more: one native dot per output, the JS kernel\'s outputs bit for bit', async () => {
    var native = await withNatives();
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
    var native = await withNatives();
    var ins = [{ shape: [3, 70], data: rnd(210) }, { shape: [9, 70], data: rnd(630) }, { shape: [9], data: rnd(9) }];
    expect(native('Gemm', 13, ins, { transB: 1 })[0].data).toEqual(js('Gemm', 13, ins, { transB: 1 })[0].data);
  });
});
