// The int8 convs' Winograd F(2,3) (device/wasm/QConv.ts, DynQConv.ts) for the 3-tap convs
// convPath.ts winogradAxis takes: the float path's routines in integers ("w2in_i", "w2out_i",
// targets/wasm/winogradWat.ts) on the channel pairs the integer GEMM reads (two int16 a 32-bit
// word, so the transposer and the lanes work as for float32). The weights are U' = 2U, integers,
// so the sums come out exactly twice the products'; w2out_i halves them, exactly: the same int32
// sums as the column product, two thirds of the multiply-adds.
import { convSetup } from '../kernels/nn/im2col';
import { winogradAxis, NO_ACT } from './convPath';
import { w2Plan, w2Image } from './winograd';
import { place, has, Space } from './core';

export interface QWinograd { run: (w: any, pxi: number, py: number) => void }

// wq(m, c, t): filter m's tap t of channel c less its zero point; xmax, wmax: the largest
// |x - xz| and |w - wz|; bias: int32 per filter or null. Null where the form does not apply, the
// core lacks it, or a sum could leave int32. run(w, pxi, py): image's pairs at pxi (CP planes,
// read a few words past their end: the next region), int32 [M, P] out at py.
export function qwinogradOnCore(sp: Space, xs: number[], ws: number[], attrs: any, wq: (m: number, c: number, t: number) => number,
    bias: Int32Array | null, xmax: number, wmax: number): QWinograd | null {
  if (winogradAxis(xs, ws, attrs) < 0 || !has('w2in_i')) return null;
  var cs = convSetup(xs, ws, attrs), C = cs.C, M = cs.M, CP = (C + 1) >> 1, bmax = 0;
  if (bias) for (var m = 0; m < M; m++) bmax = Math.max(bmax, Math.abs(bias[m]));
  if (2 * CP * 2 * xmax * 3 * wmax + bmax >= 2147483648) return null;
  var p = w2Plan(sp, xs, ws, attrs, CP, M)!;
  var pu = place(sp, new Float32Array(transformWeights(wq, M, C, CP).buffer), 4 * M * CP);
  var pbias = bias ? place(sp, new Float32Array(bias.buffer, bias.byteOffset, M), M) : 0;
  return { run: function (w: any, pxi: number, py: number) { w2Image(w, p, true, pxi, pu, pbias, py, CP, M, NO_ACT); } };
}

// U'[k][m][c] = 2 (G g)[k]: 2g0, g0+g1+g2, g0-g1+g2, 2g2, int16, rows of 2CP (an odd C padded with 0).
function transformWeights(wq: (m: number, c: number, t: number) => number, M: number, C: number, CP: number): Int16Array {
  var R = 2 * CP, MR = M * R, U = new Int16Array(4 * MR);
  for (var m = 0; m < M; m++) for (var c = 0; c < C; c++) {
    var g0 = wq(m, c, 0), g1 = wq(m, c, 1), g2 = wq(m, c, 2), q = m * R + c;
    U[q] = 2 * g0; U[q + MR] = g0 + g1 + g2; U[q + 2 * MR] = g0 - g1 + g2; U[q + 3 * MR] = 2 * g2;
  }
  return U;
}
