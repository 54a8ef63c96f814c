// Window geometry of the int8 pools, via quant-conv's convGeom (a depthwise conv with a
// [C, 1, k...] kernel): pads, auto_pad, strides, dilations, ceil_mode, 1 to 3 spatial axes.
import { fail } from '../contract';
import { convGeom, ConvGeom } from '../quant/convInt';
import { TypedArray } from '../../dtype';

// pe: the end pads as given (3 entries, leading axes 0); with ceil_mode the geometry's own end
// pads are grown to reach the last window, and an average that counts padding must not count that.
export interface PoolGeom extends ConvGeom { pe: number[] }

export function poolGeom(xShape: number[], attrs: any): PoolGeom {
  var ks = attrs.kernel_shape, S = xShape.length - 2;
  if (!ks || ks.length !== S) fail('kernel_shape must give one size per spatial axis of x [' + xShape + ']');
  var w = [xShape[1], 1];
  for (var i = 0; i < ks.length; i++) w.push(ks[i]);
  var a: any = {};
  for (var k in attrs) a[k] = attrs[k];
  a.group = xShape[1];
  var pads: number[] = [], pe = [0, 0, 0];
  for (var i = 0; i < 2 * S; i++) pads.push(attrs.pads ? attrs.pads[i] : 0);
  for (var i = 0; i < S; i++) pe[3 - S + i] = pads[S + i];
  var auto = attrs.auto_pad === undefined ? 'NOTSET' : String(attrs.auto_pad);
  if (attrs.ceil_mode === 1 && auto === 'NOTSET') {
    // ceil_mode adds a last window where floor would drop a partial one, as long as it starts
    // inside the input or the leading pad (as ONNX); that is floor mode with the end pad grown
    // to the last window's end. Taps past the input are skipped either way.
    for (var i = 0; i < S; i++) {
      var L = xShape[2 + i], s = attrs.strides ? attrs.strides[i] : 1, d = attrs.dilations ? attrs.dilations[i] : 1;
      var ext = (ks[i] - 1) * d + 1, span = L + pads[i] + pads[S + i] - ext;
      if (span < 0) continue;   // convGeom reports that the kernel does not fit
      var o = Math.ceil(span / s) + 1;
      if ((o - 1) * s >= L + pads[i]) o--;
      pads[S + i] = (o - 1) * s + ext - L - pads[i];
    }
    a.pads = pads;
  }
  var g = convGeom(xShape, w, a) as PoolGeom;
  g.pe = pe;
  return g;
}

// Divisors of an average that counts padding (count_include_pad), per output position: the taps
// inside the input plus its explicit pads — the whole kernel, except for ceil_mode windows that
// reach past the end pad.
export function paddedCounts(g: PoolGeom): Int32Array {
  var per: Int32Array[] = [];
  for (var i = 0; i < 3; i++) {
    var c = new Int32Array(g.ys[i]), end = g.xs[i] + g.pe[i];
    for (var o = 0; o < g.ys[i]; o++) {
      var rest = end - (o * g.st[i] - g.pb[i]), n = rest <= 0 ? 0 : Math.ceil(rest / g.dl[i]);
      c[o] = n < g.ks[i] ? n : g.ks[i];
    }
    per.push(c);
  }
  var r = new Int32Array(g.ys[0] * g.ys[1] * g.ys[2]), p = 0;
  for (var o0 = 0; o0 < g.ys[0]; o0++) for (var o1 = 0; o1 < g.ys[1]; o1++) for (var o2 = 0; o2 < g.ys[2]; o2++)
    r[p++] = per[0][o0] * per[1][o1] * per[2][o2];
  return r;
}

// Calls out(p, v, count) for every output position p of plane (n, c) with v = reduce over the
// window's valid taps (max, or sum of x - zx) and the number of those taps.
export function poolPlane(g: ConvGeom, x: TypedArray, base: number, isMax: boolean, zx: number,
                          out: (p: number, v: number, count: number) => void) {
  var X1 = g.xs[1], X2 = g.xs[2], p = 0;
  for (var o0 = 0; o0 < g.ys[0]; o0++) {
    var i0 = o0 * g.st[0] - g.pb[0];
    for (var o1 = 0; o1 < g.ys[1]; o1++) {
      var i1 = o1 * g.st[1] - g.pb[1];
      for (var o2 = 0; o2 < g.ys[2]; o2++) {
        var i2 = o2 * g.st[2] - g.pb[2], v = isMax ? -Infinity : 0, cnt = 0;
        for (var k0 = g.klo[0][o0]; k0 < g.khi[0][o0]; k0++) {
          var a0 = base + (i0 + k0 * g.dl[0]) * X1 * X2;
          for (var k1 = g.klo[1][o1]; k1 < g.khi[1][o1]; k1++) {
            var a1 = a0 + (i1 + k1 * g.dl[1]) * X2 + i2;
            for (var k2 = g.klo[2][o2]; k2 < g.khi[2][o2]; k2++) {
              var e = x[a1 + k2 * g.dl[2]];
              if (isMax) { if (e > v) v = e; } else v += e - zx;
              cnt++;
            }
          }
        }
        out(p++, v, cnt);
      }
    }
  }
}
