// Windowed pooling (MaxPool, AveragePool, LpPool): the window of every output position is cut
// to the taps inside the input using per-axis tables built at prepare, so the loops never test
// bounds. Averages divide by the taps inside the input, or (count_include_pad) inside the
// explicitly padded input.
import { Node, fail } from '../contract';
import { Infer } from '../infer';
import { INT32, TypedArray } from '../../dtype';
import { Geom, windowGeom, taps } from './windowGeom';

export var MAX = 0, AVG = 1, LP = 2;

export function poolGeom(x: number[], attrs: any): Geom {
  if (x.length < 3) fail('input must have rank 3 or more (N, C, spatial...), got [' + x + ']');
  if (!attrs.kernel_shape) fail('kernel_shape is required');
  return windowGeom(x.slice(2), attrs.kernel_shape, attrs, true);
}

export var inferPool: Infer = function (node) {
  var x = node.inputs[0]!, g = poolGeom(x.shape, node.attrs);
  var shape = x.shape.slice(0, 2).concat(g.outS.slice(3 - g.rank));
  var r = [{ dtype: x.dtype, shape: shape }];
  if (node.numOutputs > 1) r.push({ dtype: INT32, shape: shape.slice() });
  return r;
};

// kind MAX/AVG/LP; p is LpPool's exponent. A second output of MaxPool gets the argmax indices
// (flat over the whole input; storage_order 1 numbers spatial axes column-major).
export function poolPrepare(node: Node, kind: number, p: number) {
  var X = node.inputs[0]!, g = poolGeom(X.shape, node.attrs);
  var x = X.data, y = node.outputs[0].data, ind = node.outputs.length > 1 ? node.outputs[1].data : null;
  var D = g.inS[0], H = g.inS[1], W = g.inS[2], OD = g.outS[0], OH = g.outS[1], OW = g.outS[2];
  var dd = g.d[0], dh = g.d[1], dw = g.d[2], plane = D * H * W, oplane = OD * OH * OW;
  var planes = X.shape[0] * X.shape[1], colMajor = node.attrs.storage_order === 1;
  var td = taps(g, 0), th = taps(g, 1), tw = taps(g, 2);
  var div: Float64Array | null = null;
  if (kind === AVG) {
    var inc = node.attrs.count_include_pad === 1;
    var cd = inc ? taps(g, 0, -g.pb[0], D + g.pe[0]) : td, ch = inc ? taps(g, 1, -g.pb[1], H + g.pe[1]) : th,
      cw = inc ? taps(g, 2, -g.pb[2], W + g.pe[2]) : tw;
    div = new Float64Array(oplane);
    var i = 0;
    for (var od = 0; od < OD; od++) for (var oh = 0; oh < OH; oh++) for (var ow = 0; ow < OW; ow++)
      div[i++] = 1 / ((cd.hi[od] - cd.lo[od]) * (ch.hi[oh] - ch.lo[oh]) * (cw.hi[ow] - cw.lo[ow]));
  }
  var inv = 1 / p;
  if ((kind === MAX && !ind) || kind === AVG) {
    var full = true;
    for (var a = 0; a < 3; a++) {
      var ta = a === 0 ? td : a === 1 ? th : tw;
      for (var o = 0; o < g.outS[a]; o++) if (ta.lo[o] !== 0 || ta.hi[o] !== g.k[a]) full = false;
    }
    if (full && D === 1) return fullWindows2d(x, y, planes, H, W, OH, OW, g, kind === MAX);
  }
  return function () {
    var o = 0;
    for (var pl = 0; pl < planes; pl++) {
      var xb = pl * plane, q = 0;
      for (var od = 0; od < OD; od++) {
        var zs = td.start[od], z0 = td.lo[od], z1 = td.hi[od];
        for (var oh = 0; oh < OH; oh++) {
          var ys = th.start[oh], y0 = th.lo[oh], y1 = th.hi[oh];
          for (var ow = 0; ow < OW; ow++) {
            var xs = tw.start[ow], x0 = tw.lo[ow], x1 = tw.hi[ow];
            var acc = kind === MAX ? -Infinity : 0, at = -1;
            for (var kd = z0; kd < z1; kd++) {
              var iz = zs + kd * dd;
              for (var kh = y0; kh < y1; kh++) {
                var row = xb + (iz * H + ys + kh * dh) * W + xs;
                for (var kw = x0; kw < x1; kw++) {
                  var v = x[row + kw * dw];
                  if (kind === MAX) { if (v > acc) { acc = v; at = row + kw * dw; } }
                  else if (kind === AVG) acc += v;
                  else acc += p === 2 ? v * v : p === 1 ? (v < 0 ? -v : v) : Math.pow(v < 0 ? -v : v, p);
                }
              }
            }
            if (kind === AVG) acc *= div![q];
            else if (kind === LP) acc = p === 2 ? Math.sqrt(acc) : p === 1 ? acc : Math.pow(acc, inv);
            y[o] = acc;
            if (ind) {
              if (colMajor && at >= 0) {
                var s = at - xb, ix = s % W, iy = ((s / W) | 0) % H, iz2 = (s / (W * H)) | 0;
                at = xb + iz2 + iy * D + ix * D * H;
              }
              ind[o] = at;
            }
            o++; q++;
          }
        }
      }
    }
  };
}

// 2-D windows that never leave the input (no pads, the common case): no tap tables.
function fullWindows2d(x: TypedArray, y: TypedArray, planes: number, H: number, W: number, OH: number, OW: number, g: Geom, max: boolean) {
  var KH = g.k[1], KW = g.k[2], sh = g.s[1] * W, sw = g.s[2], dh = g.d[1] * W, dw = g.d[2], scale = 1 / (KH * KW);
  // max windows of up to 4 taps unrolled, the taps in the loops' order (offsets from the first):
  // about 2x in QuickJS and Duktape
  var nt = max ? KH * KW : 0, off = [0, 0, 0, 0];
  for (var i = 1; i < nt && i < 4; i++) off[i] = ((i / KW) | 0) * dh + (i % KW) * dw;
  var o1 = off[1], o2 = off[2], o3 = off[3];
  return function () {
    var o = 0;
    for (var pl = 0; pl < planes; pl++) {
      var xb = pl * H * W;
      for (var oh = 0; oh < OH; oh++) {
        var row = xb + oh * sh;
        if (nt && nt <= 4) for (var ow = 0, b = row; ow < OW; ow++, b += sw) {
          var acc = x[b], v: number;
          if (nt > 1) { v = x[b + o1]; if (v > acc) acc = v; }
          if (nt > 2) { v = x[b + o2]; if (v > acc) acc = v; }
          if (nt > 3) { v = x[b + o3]; if (v > acc) acc = v; }
          y[o++] = acc;
        }
        else for (var ow = 0; ow < OW; ow++) {
          var b = row + ow * sw, acc = max ? x[b] : 0;
          for (var kh = 0; kh < KH; kh++) {
            var r = b + kh * dh;
            if (max) { for (var kw = 0; kw < KW; kw++) { var v = x[r + kw * dw]; if (v > acc) acc = v; } }
            else for (var kw = 0; kw < KW; kw++) acc += x[r + kw * dw];
          }
          y[o++] = max ? acc : acc * scale;
        }
      }
    }
  };
}

// Global pools: one value per (n, c) plane.
export var inferGlobal: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.shape.length < 2) fail('input must have rank 2 or more, got [' + x.shape + ']');
  var shape = x.shape.slice(0, 2);
  for (var i = 2; i < x.shape.length; i++) shape.push(1);
  return [{ dtype: x.dtype, shape: shape }];
};

export function globalPrepare(node: Node, kind: number, p: number) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var planes = X.shape[0] * X.shape[1], n = planes ? x.length / planes : 0, inv = 1 / p;
  return function () {
    for (var pl = 0, b = 0; pl < planes; pl++, b += n) {
      var acc = kind === MAX ? -Infinity : 0, i: number, v: number;
      if (kind === MAX) { for (i = 0; i < n; i++) { v = x[b + i]; if (v > acc) acc = v; } }
      else if (kind === AVG) { for (i = 0; i < n; i++) acc += x[b + i]; acc /= n; }
      else if (p === 2) { for (i = 0; i < n; i++) { v = x[b + i]; acc += v * v; } acc = Math.sqrt(acc); }
      else { for (i = 0; i < n; i++) { v = x[b + i]; acc += Math.pow(v < 0 ? -v : v, p); } acc = Math.pow(acc, inv); }
      y[pl] = acc;
    }
  };
}
