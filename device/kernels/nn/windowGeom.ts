// Sliding-window geometry shared by Conv, ConvTranspose and the pools: output sizes, pads
// (explicit, auto_pad, ceil_mode) and, per spatial axis, the range of kernel taps that land
// inside the input for every output position, so loops need no bounds checks.
// Spatial rank 1..3 is normalized to 3 (leading axes of size 1) so one loop nest serves all.
import { fail } from '../contract';

export interface Geom {
  rank: number;                      // spatial rank as given
  inS: number[]; outS: number[];     // 3 entries each (leading 1s)
  k: number[]; s: number[]; d: number[]; pb: number[]; pe: number[];
}

function ints(v: any, n: number, dflt: number, what: string): number[] {
  var r: number[] = [];
  if (v === undefined || v === null) { for (var i = 0; i < n; i++) r.push(dflt); return r; }
  if (v.length !== n) fail(what + ' has ' + v.length + ' values, expected ' + n);
  for (var i = 0; i < v.length; i++) r.push(v[i]);
  return r;
}

// `kernel` is the kernel's spatial shape; `pool` enables ceil_mode.
export function windowGeom(inSp: number[], kernel: number[], attrs: any, pool: boolean): Geom {
  var n = inSp.length;
  if (n < 1 || n > 3) fail('spatial rank ' + n + ' is not supported (1 to 3 spatial axes)');
  if (kernel.length !== n) fail('kernel_shape has ' + kernel.length + ' values for ' + n + ' spatial axes');
  var s = ints(attrs.strides, n, 1, 'strides'), d = ints(attrs.dilations, n, 1, 'dilations');
  var pads = ints(attrs.pads, 2 * n, 0, 'pads');
  var autoPad = attrs.auto_pad || 'NOTSET', ceil = pool && attrs.ceil_mode === 1;
  var out: number[] = [], pb: number[] = [], pe: number[] = [];
  for (var i = 0; i < n; i++) {
    if (s[i] < 1 || d[i] < 1 || kernel[i] < 1) fail('strides, dilations and kernel sizes must be positive');
    var ek = (kernel[i] - 1) * d[i] + 1, L = inSp[i], o: number, b: number, e: number;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      o = Math.ceil(L / s[i]);
      var total = (o - 1) * s[i] + ek - L;
      if (total < 0) total = 0;
      b = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
      e = total - b;
    } else if (autoPad === 'VALID') {
      b = 0; e = 0; o = Math.floor((L - ek) / s[i]) + 1;
    } else if (autoPad === 'NOTSET') {
      b = pads[i]; e = pads[i + n];
      var span = L + b + e - ek;
      o = (ceil ? Math.ceil(span / s[i]) : Math.floor(span / s[i])) + 1;
      // ceil_mode: the last window must start inside the input or the leading pad
      if (ceil && (o - 1) * s[i] >= L + b) o--;
    } else return fail('unknown auto_pad ' + autoPad);
    if (o < 1) fail('the window (' + ek + ') does not fit the input (' + L + ' plus pads) along spatial axis ' + i);
    out.push(o); pb.push(b); pe.push(e);
  }
  var g: Geom = { rank: n, inS: inSp.slice(), outS: out, k: kernel.slice(), s: s, d: d, pb: pb, pe: pe };
  while (g.inS.length < 3) {
    g.inS.unshift(1); g.outS.unshift(1); g.k.unshift(1); g.s.unshift(1); g.d.unshift(1); g.pb.unshift(0); g.pe.unshift(0);
  }
  return g;
}

// Per output position o along axis i: first input index of the window (may be negative) and
// the half-open range [lo, hi) of taps whose input index is in [from, to).
export interface Taps { start: Int32Array; lo: Int32Array; hi: Int32Array }

export function taps(g: Geom, i: number, from?: number, to?: number): Taps {
  var O = g.outS[i], s = g.s[i], d = g.d[i], k = g.k[i];
  var a = from === undefined ? 0 : from, z = to === undefined ? g.inS[i] : to;
  var t: Taps = { start: new Int32Array(O), lo: new Int32Array(O), hi: new Int32Array(O) };
  for (var o = 0; o < O; o++) {
    var st = o * s - g.pb[i];
    var lo = st >= a ? 0 : Math.ceil((a - st) / d);
    var hi = z - st <= 0 ? 0 : Math.ceil((z - st) / d);
    if (hi > k) hi = k;
    if (lo > hi) lo = hi;
    t.start[o] = st; t.lo[o] = lo; t.hi[o] = hi;
  }
  return t;
}
