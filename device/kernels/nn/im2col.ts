// Convolution building blocks: shape setup shared by infer/prepare, im2col over a band of
// output rows, and the tap tables that keep inner loops free of bounds checks.
import { fail } from '../contract';
import { Geom, windowGeom } from './windowGeom';
import { TypedArray } from '../../dtype';

export interface ConvSetup { g: Geom; N: number; C: number; M: number; group: number; Cg: number; Mg: number }

// X [N, C, ...], W [M, C/group, ...k]
export function convSetup(x: number[], w: number[], attrs: any): ConvSetup {
  if (x.length < 3) fail('input must have rank 3 or more (N, C, spatial...), got [' + x + ']');
  if (w.length !== x.length) fail('weight rank ' + w.length + ' differs from input rank ' + x.length);
  var group = attrs.group === undefined ? 1 : attrs.group;
  var C = x[1], M = w[0];
  if (group < 1 || C % group !== 0 || M % group !== 0) fail('group ' + group + ' must divide input channels ' + C + ' and output channels ' + M);
  if (w[1] * group !== C) fail('weight has ' + w[1] + ' input channels per group, input has ' + C + ' channels in ' + group + ' groups');
  var kernel = w.slice(2);
  var ks = attrs.kernel_shape;
  if (ks) for (var i = 0; i < kernel.length; i++) if (ks[i] !== kernel[i]) fail('kernel_shape [' + ks + '] differs from the weight shape [' + w + ']');
  var g = windowGeom(x.slice(2), kernel, attrs, false);
  return { g: g, N: x[0], C: C, M: M, group: group, Cg: C / group, Mg: M / group };
}

// For each kernel column kw: the output columns [lo, hi) that read inside the input, and the
// input column offset kw*dw - pw (input column = ow*sw + off).
export interface ColTaps { lo: Int32Array; hi: Int32Array; off: Int32Array }

// Read-only tables, so convs of one geometry (the parts of a split weight) share them: on
// Espruino every array costs the board's variables.
var lastTaps: ColTaps | null = null, lastTapsKey = '', lastRows: { id: Int32Array; ih: Int32Array } | null = null, lastRowsKey = '';

export function colTaps(g: Geom): ColTaps {
  var K = g.k[2], W = g.inS[2], OW = g.outS[2], s = g.s[2], key = [K, W, OW, s, g.d[2], g.pb[2]].join();
  if (lastTaps && key === lastTapsKey) return lastTaps;
  var t: ColTaps = { lo: new Int32Array(K), hi: new Int32Array(K), off: new Int32Array(K) };
  lastTaps = t; lastTapsKey = key;
  for (var kw = 0; kw < K; kw++) {
    var off = kw * g.d[2] - g.pb[2];
    var lo = off >= 0 ? 0 : Math.ceil(-off / s);
    var hi = W - 1 - off < 0 ? 0 : Math.floor((W - 1 - off) / s) + 1;
    if (hi > OW) hi = OW;
    if (lo > hi) lo = hi;
    t.lo[kw] = lo; t.hi[kw] = hi; t.off[kw] = off;
  }
  return t;
}

// Output rows are (od, oh) pairs; these give each row's first input depth and height index.
export function rowStarts(g: Geom): { id: Int32Array; ih: Int32Array } {
  var OD = g.outS[0], OH = g.outS[1], R = OD * OH, key = [OD, OH, g.s[0], g.s[1], g.pb[0], g.pb[1]].join();
  if (lastRows && key === lastRowsKey) return lastRows;
  var r = { id: new Int32Array(R), ih: new Int32Array(R) };
  lastRows = r; lastRowsKey = key;
  for (var i = 0; i < R; i++) {
    r.id[i] = ((i / OH) | 0) * g.s[0] - g.pb[0];
    r.ih[i] = (i % OH) * g.s[1] - g.pb[1];
  }
  return r;
}

export type Im2col = (x: TypedArray, xo: number, col: TypedArray, r0: number, r1: number) => void;

// col[(c, kd, kh, kw), j] for output rows r0..r1-1, j = (r - r0) * OW + ow; zeros where the
// window reads padding.
// Convs of one geometry (the parts of a split weight) share one fill.
var lastFill: Im2col | null = null, lastFillKey = '';

// What a fill depends on: the conv's geometry and its channels per group.
export function fillKey(g: Geom, Cg: number): string {
  return [Cg].concat(g.inS, g.outS, g.k, g.s, g.d, g.pb).join();
}

export function im2col(g: Geom, Cg: number): Im2col {
  var key = fillKey(g, Cg);
  if (!lastFill || key !== lastFillKey) {
    lastFill = fillLoop(g.inS[0], g.inS[1], g.inS[2], g.outS[2], g.k[0], g.k[1], g.k[2], g.d[0], g.d[1], g.s[2], Cg, colTaps(g), rowStarts(g));
    lastFillKey = key;
  }
  return lastFill;
}

// In a scope of its own, which keeps only what the loop reads (Espruino keeps a closure's whole scope).
function fillLoop(D: number, H: number, W: number, OW: number, KD: number, KH: number, KW: number, dd: number, dh: number, sw: number,
                  Cg: number, ct: ColTaps, rs: { id: Int32Array; ih: Int32Array }): Im2col {
  var plane = D * H * W;
  return function (x, xo, col, r0, r1) {
    var p = 0;
    for (var c = 0; c < Cg; c++) {
      var xc = xo + c * plane;
      for (var kd = 0; kd < KD; kd++) for (var kh = 0; kh < KH; kh++) for (var kw = 0; kw < KW; kw++) {
        var lo = ct.lo[kw], hi = ct.hi[kw], off = ct.off[kw];
        for (var r = r0; r < r1; r++) {
          var id = rs.id[r] + kd * dd, ih = rs.ih[r] + kh * dh, ow: number;
          if (id < 0 || id >= D || ih < 0 || ih >= H) { for (ow = 0; ow < OW; ow++) col[p++] = 0; continue; }
          var src = xc + (id * H + ih) * W + off;
          for (ow = 0; ow < lo; ow++) col[p++] = 0;
          if (sw === 1) for (; ow < hi; ow++) col[p++] = x[src + ow];
          else for (; ow < hi; ow++) col[p++] = x[src + ow * sw];
          for (; ow < OW; ow++) col[p++] = 0;
        }
      }
    }
  };
}

// The transpose: for output positions j0..j1-1, col[(j - j0) * Kc + (c, kd, kh, kw)], each
// position's window as one contiguous row (Espruino's native dot reads it whole: nativeDot.ts).
// It moves Kc values per position (the dots use them Mg times each); on Espruino, where this loop is
// the part of the conv left in JS, a plain copy per window row: the bounds are settled per position.
// Convs of one geometry (the parts of a split weight) share one, as they share im2col's.
var lastRowsFill: Im2col | null = null, lastRowsKey = '';

export function im2colRows(g: Geom, Cg: number): Im2col {
  var key = fillKey(g, Cg);
  if (!lastRowsFill || key !== lastRowsKey) {
    lastRowsFill = rowsLoop(g.inS[0], g.inS[1], g.inS[2], g.outS[2], g.k[0], g.k[1], g.k[2], g.d[0], g.d[1], g.d[2], g.s[2], g.pb[2], Cg, rowStarts(g));
    lastRowsKey = key;
  }
  return lastRowsFill;
}

function rowsLoop(D: number, H: number, W: number, OW: number, KD: number, KH: number, KW: number, dd: number, dh: number, dw: number,
                  sw: number, pw: number, Cg: number, rs: { id: Int32Array; ih: Int32Array }): Im2col {
  var plane = D * H * W;
  return function (x, xo, col, j0, j1) {
    var p = 0, kw: number, s: number;
    for (var j = j0; j < j1; j++) {
      // the window's columns inside the input, [klo, khi): per position, so the copy below has no checks
      var r = (j / OW) | 0, iw0 = (j - r * OW) * sw - pw, klo = 0, khi = KW;
      while (klo < KW && iw0 + klo * dw < 0) klo++;
      while (khi > klo && iw0 + (khi - 1) * dw >= W) khi--;
      for (var c = 0; c < Cg; c++) for (var kd = 0; kd < KD; kd++) for (var kh = 0; kh < KH; kh++) {
        var id = rs.id[r] + kd * dd, ih = rs.ih[r] + kh * dh, inside = id >= 0 && id < D && ih >= 0 && ih < H;
        var hi = inside ? khi : 0;
        for (kw = 0; kw < klo && kw < hi; kw++) col[p++] = 0;
        for (s = xo + c * plane + (id * H + ih) * W + iw0 + kw * dw; kw < hi; kw++, s += dw) col[p++] = x[s];
        for (; kw < KW; kw++) col[p++] = 0;
      }
    }
  };
}
