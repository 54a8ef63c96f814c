// Winograd F(4,3) for 3-tap convolutions along one spatial axis (kernels 1x3, 3x1, 3, ...;
// stride 1, dilation 1, one group): 4 outputs of a line cost 6 products instead of 12, so
// the channel-mixing products (6 gemms of M x C x tiles, one per transform point) do half
// the multiply-adds of im2col. Transforms (Lavin & Gray, points 0, +-1, +-2, inf):
//   weights u = G g, input tiles v = B'd (6 inputs), outputs y = A'm (4 outputs).
// Weights are transformed at every run (cheap: M*C*18 flops) so they may be run-time inputs.
import { TypedArray } from '../../dtype';
import { Geom } from './windowGeom';
import { gemm } from './gemmCore';
import { reserve, scratch, scratch32 } from './scratch';

var BAND = 16384;

// Returns null when the conv does not have this form.
export function winograd3(g: Geom, N: number, C: number, M: number, group: number,
                          x: TypedArray, w: TypedArray, bias: TypedArray | null, y: TypedArray): (() => void) | null {
  var ax = -1;
  for (var i = 0; i < 3; i++) {
    if (g.s[i] !== 1) return null;
    if (g.k[i] === 3 && ax < 0 && g.d[i] === 1) ax = i;
    else if (g.k[i] !== 1 || g.pb[i] !== 0 || g.pe[i] !== 0) return null;
  }
  if (ax < 0 || group !== 1 || C < 4 || M < 4) return null;
  var L = g.inS[ax], Lo = g.outS[ax], pb = g.pb[ax], A = 1, S = 1;
  for (var i = 0; i < ax; i++) A *= g.inS[i];
  for (var i = ax + 1; i < 3; i++) S *= g.inS[i];
  var plane = A * L * S, oplane = A * Lo * S, nT = Math.ceil(Lo / 4), T = A * nT * S;
  if (Lo < 3 * nT || T < 2) return null;     // mostly empty tiles: no gain
  // per tile (a, tt, s): input offset of its first tap line (outside the input at the pads),
  // that line's index, output offset, outputs in the tile (4, fewer at a line's end)
  var tx = new Int32Array(T), tl = new Int32Array(T), tout = new Int32Array(T), tn = new Int32Array(T);
  for (var t = 0; t < T; t++) {
    var s = t % S, r = (t - s) / S, tt = r % nT, a = (r - tt) / nT;
    tl[t] = 4 * tt - pb; tx[t] = a * L * S + s + tl[t] * S; tout[t] = (a * Lo + 4 * tt) * S + s;
    tn[t] = Math.min(4, Lo - 4 * tt);
  }
  // bands of equal size in multiples of 8 tiles (gemm's 8x8 tiles leave no ragged columns)
  var nb = Math.ceil(T / Math.max(8, Math.floor(BAND / (6 * (C > M ? C : M)))));
  var TB = Math.min(T, Math.ceil(T / nb / 8) * 8);
  // scratch: U [6][M][C] transformed weights (float32, like the weights), then in float64
  // V [6][C][band] transformed inputs and Mx [6][M][band] products (the output transform
  // subtracts large terms, so these keep double precision)
  reserve(6 * C * TB + 6 * M * TB, 6 * M * C);
  var tiles: WinoTiles = { T: T, TB: TB, tx: tx, tl: tl, tout: tout, tn: tn };
  return run(N, C, M, L, S, plane, oplane, tiles, x, w, bias, y);
}

interface WinoTiles { T: number; TB: number; tx: Int32Array; tl: Int32Array; tout: Int32Array; tn: Int32Array }

// The eval, in a scope of its own (a closure keeps its whole scope). Strides times 2..5 are
// locals: the interpreters pay per operation.
function run(N: number, C: number, M: number, L: number, S: number, plane: number, oplane: number, tiles: WinoTiles,
             x: TypedArray, w: TypedArray, bias: TypedArray | null, y: TypedArray) {
  var T = tiles.T, TB = tiles.TB, MC = M * C, MO = 6 * C * TB;
  return function () {
    var U = scratch32(), V = scratch(), Mx = V;
    for (var m = 0; m < M; m++) for (var c = 0; c < C; c++) {
      var p = (m * C + c) * 3, g0 = w[p], g1 = w[p + 1], g2 = w[p + 2], q = m * C + c;
      U[q] = g0 / 4; U[q + MC] = -(g0 + g1 + g2) / 6; U[q + 2 * MC] = -(g0 - g1 + g2) / 6;
      U[q + 3 * MC] = g0 / 24 + g1 / 12 + g2 / 6; U[q + 4 * MC] = g0 / 24 - g1 / 12 + g2 / 6; U[q + 5 * MC] = g2;
    }
    for (var n = 0; n < N; n++) {
      var xo = n * C * plane, yo = n * M * oplane;
      for (var t0 = 0; t0 < T; t0 += TB) {
        var tb = T - t0 < TB ? T - t0 : TB, cs = C * tb, ms = M * tb;
        for (var c = 0; c < C; c++) inputTiles(x, xo + c * plane, L, S, tiles, t0, tb, V, c * tb, cs);
        for (var k = 0; k < 6; k++) gemm(M, tb, C, U, k * MC, C, 1, V, k * cs, tb, 1, Mx, MO + k * ms, tb, 1, null, 0, false);
        for (var m = 0; m < M; m++) outputTiles(Mx, MO + m * tb, ms, bias ? bias[m] : 0, tiles, t0, tb, S, y, yo + m * oplane);
      }
    }
  };
}

// V[k][c][j] = B'd for the band's tiles j of one input channel (at xc): d = the tile's 6 taps, zeros in the pads.
function inputTiles(x: TypedArray, xc: number, L: number, S: number, tiles: WinoTiles, t0: number, tb: number,
                    V: Float64Array, vo: number, cs: number) {
  var tx = tiles.tx, tl = tiles.tl, S2 = S + S, S3 = S2 + S, S4 = S3 + S, S5 = S4 + S, L5 = L - 5;
  var cs2 = cs + cs, cs3 = cs2 + cs, cs4 = cs3 + cs, cs5 = cs4 + cs;
  for (var j = 0; j < tb; j++) {
    var t = t0 + j, l = tl[t], b = xc + tx[t], d0: number, d1: number, d2: number, d3: number, d4: number, d5: number;
    if (l >= 0 && l < L5) {
      d0 = x[b]; d1 = x[b + S]; d2 = x[b + S2]; d3 = x[b + S3]; d4 = x[b + S4]; d5 = x[b + S5];
    } else {
      d0 = l >= 0 && l < L ? x[b] : 0; d1 = l + 1 >= 0 && l + 1 < L ? x[b + S] : 0;
      d2 = l + 2 >= 0 && l + 2 < L ? x[b + S2] : 0; d3 = l + 3 >= 0 && l + 3 < L ? x[b + S3] : 0;
      d4 = l + 4 >= 0 && l + 4 < L ? x[b + S4] : 0; d5 = l + 5 >= 0 && l + 5 < L ? x[b + S5] : 0;
    }
    var e = vo + j;
    V[e] = 4 * d0 - 5 * d2 + d4;
    V[e + cs] = d3 + d4 - 4 * (d1 + d2);
    V[e + cs2] = d4 - d3 + 4 * (d1 - d2);
    V[e + cs3] = d4 - d2 + 2 * (d3 - d1);
    V[e + cs4] = d4 - d2 + 2 * (d1 - d3);
    V[e + cs5] = 4 * d1 - 5 * d3 + d5;
  }
}

// y = A'm + bias for the band's tiles of one output channel (products at Mx[mo + k*ms + j]).
function outputTiles(Mx: Float64Array, mo: number, ms: number, bv: number, tiles: WinoTiles, t0: number, tb: number,
                     S: number, y: TypedArray, ym: number) {
  var tout = tiles.tout, tn = tiles.tn, S2 = S + S, S3 = S2 + S, ms2 = ms + ms, ms3 = ms2 + ms, ms4 = ms3 + ms, ms5 = ms4 + ms;
  for (var j = 0; j < tb; j++) {
    var t = t0 + j, e = mo + j, m0 = Mx[e], m1 = Mx[e + ms], m2 = Mx[e + ms2], m3 = Mx[e + ms3], m4 = Mx[e + ms4], m5 = Mx[e + ms5];
    var o = ym + tout[t], n4 = tn[t];
    var a13 = m1 - m2, b13 = m3 - m4, a02 = m1 + m2, b02 = m3 + m4;
    y[o] = m0 + a02 + b02 + bv;
    if (n4 > 1) y[o + S] = a13 + 2 * b13 + bv;
    if (n4 > 2) y[o + S2] = a02 + 4 * b02 + bv;
    if (n4 > 3) y[o + S3] = a13 + 8 * b13 + m5 + bv;
  }
}
