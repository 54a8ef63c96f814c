// Window geometry of the int8 pools, via quant-conv's convGeom (a depthwise conv with a
// [C, 1, k...] kernel): pads, auto_pad, strides, dilations, 1 to 3 spatial axes; ceil_mode is
// not supported (the converter keeps such pools in float).
import { fail } from '../kernel';
import { convGeom, ConvGeom } from './quant-conv';
import { TypedArray } from '../../format/dtype';

export function poolGeom(xShape: number[], attrs: any): ConvGeom {
  var ks = attrs.kernel_shape;
  if (!ks || ks.length !== xShape.length - 2) fail('kernel_shape must give one size per spatial axis of x [' + xShape + ']');
  if (attrs.ceil_mode === 1) fail('ceil_mode 1 is not supported by the int8 pools');
  var w = [xShape[1], 1];
  for (var i = 0; i < ks.length; i++) w.push(ks[i]);
  var a: any = {};
  for (var k in attrs) a[k] = attrs[k];
  a.group = xShape[1];
  return convGeom(xShape, w, a);
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
