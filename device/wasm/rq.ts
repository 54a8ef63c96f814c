// The constants of the wasm core's requantization (targets/wasm/int8Wat.ts "rq") for the int8
// kernels of this folder: per channel, the multiplier, that of negative accumulators (a fused
// LeakyRelu: int8/requant.ts rqAlpha; the same multiplier without one) and the shift, as three
// int32 lists in wasm memory, C entries apart.
import { Rq } from '../kernels/int8/requant';
import { Space, place } from './core';

export interface RqPlace { pm: number; pn: number; ps: number; pt: number }

// table: the 256 entries of a fused QLookup (its bytes placed too), or null (pt = 0).
export function placeRq(sp: Space, rq: Rq, rn: Rq | null, shift: number[], table: ArrayLike<number> | null): RqPlace {
  var C = rq.n, m = new Int32Array(C), n = new Int32Array(C), s = new Int32Array(C);
  for (var c = 0; c < C; c++) {
    m[c] = rq.m[c];
    n[c] = rn ? rn.m[c] : rq.m[c];
    s[c] = shift[shift.length > 1 ? c : 0];
  }
  var pt = 0;
  if (table) {
    var t = new Uint8Array(256);
    for (var i = 0; i < 256; i++) t[i] = table[i] & 255;
    pt = place(sp, new Float32Array(t.buffer), 64);
  }
  return { pm: place(sp, new Float32Array(m.buffer), C), pn: place(sp, new Float32Array(n.buffer), C), ps: place(sp, new Float32Array(s.buffer), C), pt: pt };
}
