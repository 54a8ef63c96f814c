// Espruino's native dot product: E.convolve(a, b, offset) = sum over i < a.length of
// a[i] * b[(i + offset) % b.length], accumulated in order in a double (src/jswrap_espruino.c), so
// it gives gemm's JS sum bit for bit, at C speed (tens of times a JS loop there). Feature-detected:
// elsewhere it is null and gemm's loops run.
import { TypedArray } from '../../dtype';
import { Tensor, graphRuns } from '../contract';
import { Im2col, im2colRows, fillKey } from './im2col';
import { Geom } from './windowGeom';
import { reserve, scratch, claim, heldBy } from './scratch';

declare var E: any;
var convolve: ((a: TypedArray, b: TypedArray, offset: number) => number) | null =
  typeof E !== 'undefined' && E && typeof E.convolve === 'function' ? E.convolve : null;

// The native dot itself, for kernels that lay out their own rows: the int8 products (integer
// sums, exact in the double E.convolve accumulates, so any order gives the JS loops' bits).
export function nativeDotFn(): ((a: TypedArray, b: TypedArray, offset: number) => number) | null {
  return convolve;
}

// Y[M,N] = A[M,K] B[K,N] (+ colBias[n]) as gemm (gemmCore.ts) computes it, one native dot per
// output, when A's rows (am apart) and B's columns (bn apart) are contiguous: the same sum in the
// same order. A's row views are made here, at prepare; B goes whole with the column's start as the
// offset (E.convolve walks to it: no view per column, which would cost the board variables).
// colBias (Gemm's C as a row of column biases) is added after the product is stored, as Gemm's
// second pass does (the store rounds to the output's type first). Null where it does not apply.
export function nativeGemm(M: number, N: number, K: number, a: TypedArray, am: number, b: TypedArray, bn: number,
                           y: TypedArray, colBias: TypedArray | null): (() => void) | null {
  if (!convolve || K < 1) return null;
  var rows: TypedArray[] = [];
  for (var m = 0; m < M; m++) rows.push(M === 1 && a.length === K ? a : a.subarray(m * am, m * am + K));
  return dots(convolve, rows, b, bn, y, N, colBias);
}

// The run, in a scope of its own: a closure keeps its whole scope, and on Espruino every
// variable of it stays in the board's RAM.
function dots(dot: (a: TypedArray, b: TypedArray, offset: number) => number, rows: TypedArray[], b: TypedArray, bn: number,
              y: TypedArray, N: number, colBias: TypedArray | null) {
  return function () {
    for (var i = 0, o = 0; i < rows.length; i++)
      for (var n = 0, q = 0; n < N; n++, o++, q += bn) {
        y[o] = dot(rows[i], b, q) + 0;   // + 0 as gemm stores sum + 0: -0 becomes 0
        if (colBias) y[o] = y[o] + colBias[n];
      }
  };
}

// Conv along one axis (no depth or height taps, dilation 1) with one input channel per group,
// every window inside the input (the STFT convolutions of melspectrogram and Silero, after their
// Pad): output (n, m, ow) = dot(input window of ow, weight row m) + bias[m], one native dot each,
// the sum gemm (gemmCore.ts) forms over the im2col columns in the same order. The windows are views
// made here, one per batch, group and output column (a few); the weights go whole, the row's start
// as the offset. Null where it does not apply or E.convolve is missing.
export function nativeConv1(N: number, group: number, Mg: number, W: number, KW: number, OW: number, sw: number, pb: number,
                            x: TypedArray, w: TypedArray, bias: TypedArray | null, y: TypedArray): (() => void) | null {
  if (!convolve || KW < 1 || pb < 0 || (OW - 1) * sw - pb + KW > W) return null;
  var wins: TypedArray[] = [];
  for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) for (var ow = 0; ow < OW; ow++) {
    var s = (n * group + gi) * W + ow * sw - pb;
    wins.push(x.subarray(s, s + KW));
  }
  return convDots(convolve, wins, w, KW, group, Mg, OW, bias, y);
}

function convDots(dot: (a: TypedArray, b: TypedArray, offset: number) => number, wins: TypedArray[], w: TypedArray, KW: number,
                  group: number, Mg: number, OW: number, bias: TypedArray | null, y: TypedArray) {
  return function () {
    for (var t = 0, o = 0; t * OW < wins.length; t++) {
      var m = (t % group) * Mg, me = m + Mg;
      for (; m < me; m++) {
        var c = bias ? bias[m] : 0, off = m * KW;
        for (var ow = 0, i = t * OW; ow < OW; ow++, o++, i++) y[o] = dot(wins[i], w, off) + c;
      }
    }
  };
}

// Any other conv with windows of at least MIN_TAPS values: each band of output positions is
// laid out as rows of taps (im2col.ts im2colRows), then one native dot per output, the position's
// row against the weights' row m (whole, the row's start as the offset): the sum gemm forms over
// the im2col columns, in the same order. A native call costs Espruino about what a few dozen JS
// multiply-adds do, so short windows stay in JS. Null where it does not apply or E.convolve is missing.
var MIN_TAPS = 64, BAND = 16384;

export function nativeConvRows(name: string, N: number, C: number, M: number, group: number, Cg: number, Mg: number, plane: number, P: number,
                               Kc: number, g: Geom, X: Tensor, w: TypedArray, bias: TypedArray | null, y: TypedArray): (() => void) | null {
  if (!convolve || Kc < MIN_TAPS) return null;
  var band = Math.max(1, Math.min(P, Math.floor(BAND / Kc)));
  reserve(band * Kc);
  return rowDots(convolve, im2colRows(g, Cg), N, C, M, group, Cg, Mg, plane, P, Kc, band, X.data, w, bias, y, rowsShared(name, X, g, Cg, P, band, N * group));
}

// The parts of a split conv (converter/passes/splitWide.ts names them NAME/part0, NAME/part1, ...;
// one input, one geometry, run one after another with nothing between) lay out the same rows.
// When every row fits one band, part0 lays them out and claims the scratch with a token the later
// parts share; they skip the layout while the scratch is still theirs (scratch.ts heldBy) and part0
// ran in this pass over this graph (contract.ts graphRuns): the input cannot have changed since (it
// is live until the last part). The same input is the same tensor object (not the array: in
// Espruino === between typed arrays is not identity).
interface RowsToken { run: number }
var lastX: Tensor | null = null, lastBase = '', lastKey = '', lastToken: RowsToken | null = null;

function rowsShared(name: string, X: Tensor, g: Geom, Cg: number, P: number, band: number, fills: number): { token: RowsToken; first: boolean } | null {
  var at = name.lastIndexOf('/part'), base = at < 0 ? '' : name.substring(0, at), part = at < 0 ? -1 : +name.substring(at + 5);
  var key = fillKey(g, Cg);
  if (part === 0 && band >= P && fills === 1) {
    lastX = X; lastBase = base; lastKey = key; lastToken = { run: -1 };
    return { token: lastToken, first: true };
  }
  return part > 0 && X === lastX && base === lastBase && key === lastKey ? { token: lastToken!, first: false } : null;
}

function rowDots(dot: (a: TypedArray, b: TypedArray, offset: number) => number, fill: Im2col, N: number, C: number, M: number,
                 group: number, Cg: number, Mg: number, plane: number, P: number, Kc: number, band: number,
                 x: TypedArray, w: TypedArray, bias: TypedArray | null, y: TypedArray, shared: { token: RowsToken; first: boolean } | null) {
  return function () {
    var kept = shared && !shared.first && shared.token.run === graphRuns[0] ? heldBy(shared.token) : null, col = kept || scratch();
    for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
      var yo = (n * M + gi * Mg) * P;
      for (var j0 = 0; j0 < P; j0 += band) {
        var j1 = j0 + band < P ? j0 + band : P;
        if (!kept) fill(x, (n * C + gi * Cg) * plane, col, j0, j1);
        for (var j = j0; j < j1; j++) {
          var row = col.subarray((j - j0) * Kc, (j - j0 + 1) * Kc);
          for (var m = 0, mw = gi * Mg; m < Mg; m++, mw++) y[yo + m * P + j] = dot(row, w, mw * Kc) + (bias ? bias[mw] : 0);
        }
      }
    }
    if (shared) { shared.token.run = graphRuns[0]; claim(shared.token); }
  };
}
