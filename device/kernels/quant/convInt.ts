// Integer convolution with zero points, shared by ConvInteger and QLinearConv: geometry from the
// Conv attributes (auto_pad, pads, strides, dilations, group, kernel_shape) for 1 to 3 spatial
// axes, and one loop that fills an output plane (n, m) with exact integer sums
//   bias + sum_{c, k} (x - x_zp) * (w - w_zp[m]).
// 1-D and 2-D convolutions run as 3-D ones with leading spatial axes of size 1. Padding
// contributes nothing (the reference pads x - x_zp with zeros), so out-of-range taps are skipped
// through per-axis tables of the first and past-last valid kernel index for each output index.
import { fail } from '../contract';
import { TypedArray } from '../../dtype';

export interface ConvGeom {
  N: number; C: number; M: number; Cg: number; Mg: number;
  xs: number[]; ks: number[]; ys: number[]; st: number[]; dl: number[]; pb: number[];
  klo: Int32Array[]; khi: Int32Array[];
  outShape: number[];
}

export function convGeom(xShape: number[], wShape: number[], attrs: any): ConvGeom {
  var r = xShape.length, S = r - 2;
  if (S < 1 || S > 3) fail('x must have 1 to 3 spatial axes, got shape [' + xShape + ']');
  if (wShape.length !== r) fail('w of shape [' + wShape + '] does not match x of shape [' + xShape + ']');
  var G = attrs.group === undefined ? 1 : attrs.group, C = xShape[1], M = wShape[0];
  if (G < 1 || C % G !== 0 || M % G !== 0 || wShape[1] * G !== C)
    fail('group ' + G + ' does not fit x of shape [' + xShape + '] and w of shape [' + wShape + ']');
  var pad = attrs.auto_pad === undefined ? 'NOTSET' : String(attrs.auto_pad);
  var ks = attrs.kernel_shape, pads = attrs.pads, st = attrs.strides, dl = attrs.dilations;
  var g: ConvGeom = { N: xShape[0], C: C, M: M, Cg: C / G, Mg: M / G, xs: [], ks: [], ys: [], st: [], dl: [], pb: [],
    klo: [], khi: [], outShape: [xShape[0], M] };
  for (var i = 0; i < 3; i++) {
    var a = i - (3 - S);  // the attribute axis; < 0 for the padded leading axes
    var X = a < 0 ? 1 : xShape[2 + a], K = a < 0 ? 1 : wShape[2 + a];
    if (a >= 0 && ks && ks[a] !== K) fail('kernel_shape [' + ks + '] does not match w of shape [' + wShape + ']');
    var s = a < 0 || !st ? 1 : st[a], d = a < 0 || !dl ? 1 : dl[a];
    var ext = (K - 1) * d + 1, b = 0, Y = 0;
    if (pad === 'SAME_UPPER' || pad === 'SAME_LOWER') {
      Y = Math.ceil(X / s);
      var tot = Math.max(0, (Y - 1) * s + ext - X);
      b = pad === 'SAME_UPPER' ? Math.floor(tot / 2) : tot - Math.floor(tot / 2);
    } else if (pad === 'VALID' || pad === 'NOTSET') {
      var e = 0;
      if (pad === 'NOTSET' && pads && a >= 0) { b = pads[a]; e = pads[a + S]; }
      Y = Math.floor((X + b + e - ext) / s) + 1;
    } else fail('auto_pad ' + pad + ' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID');
    if (Y < 1) fail('the kernel does not fit: output axis ' + a + ' would have ' + Y + ' elements');
    var lo = new Int32Array(Y), hi = new Int32Array(Y);
    for (var o = 0; o < Y; o++) {
      var start = o * s - b;
      var l = start >= 0 ? 0 : Math.ceil(-start / d), h = X - start > 0 ? Math.min(K, Math.ceil((X - start) / d)) : 0;
      lo[o] = l; hi[o] = h > l ? h : l;
    }
    g.xs.push(X); g.ks.push(K); g.ys.push(Y); g.st.push(s); g.dl.push(d); g.pb.push(b); g.klo.push(lo); g.khi.push(hi);
    if (a >= 0) g.outShape.push(Y);
  }
  return g;
}

// dst[off ..] = the output plane (n, m) as exact integer sums (see above).
export function convIntPlane(g: ConvGeom, x: TypedArray, xz: number, w: TypedArray, wz: number, n: number, m: number,
                             bias: number, dst: TypedArray, off: number) {
  var Cg = g.Cg, X1 = g.xs[1], X2 = g.xs[2], K1 = g.ks[1], K2 = g.ks[2];
  var inPlane = g.xs[0] * X1 * X2, kPlane = g.ks[0] * K1 * K2;
  var s0 = g.st[0], s1 = g.st[1], s2 = g.st[2], d0 = g.dl[0], d1 = g.dl[1], d2 = g.dl[2];
  var lo0 = g.klo[0], hi0 = g.khi[0], lo1 = g.klo[1], hi1 = g.khi[1], lo2 = g.klo[2], hi2 = g.khi[2];
  var x0 = (n * g.C + Math.floor(m / g.Mg) * Cg) * inPlane, w0 = m * Cg * kPlane, p = off;
  for (var o0 = 0; o0 < g.ys[0]; o0++) {
    var i0 = o0 * s0 - g.pb[0];
    for (var o1 = 0; o1 < g.ys[1]; o1++) {
      var i1 = o1 * s1 - g.pb[1];
      for (var o2 = 0; o2 < g.ys[2]; o2++) {
        var i2 = o2 * s2 - g.pb[2], sum = bias;
        for (var c = 0; c < Cg; c++) {
          var xc = x0 + c * inPlane, wc = w0 + c * kPlane;
          for (var k0 = lo0[o0]; k0 < hi0[o0]; k0++) {
            var xa = xc + (i0 + k0 * d0) * X1 * X2, wa = wc + k0 * K1 * K2;
            for (var k1 = lo1[o1]; k1 < hi1[o1]; k1++) {
              var xb = xa + (i1 + k1 * d1) * X2 + i2, wb = wa + k1 * K2;
              for (var k2 = lo2[o2]; k2 < hi2[o2]; k2++) sum += (x[xb + k2 * d2] - xz) * (w[wb + k2] - wz);
            }
          }
        }
        dst[p++] = sum;
      }
    }
  }
}
