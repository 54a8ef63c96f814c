// tinyonnx.int8:QConv — int8/uint8 convolution with integer requantization.
//   acc[n, m, p] = bias[m] + sum_{c, k} (x - x_zero_point) * (w - w_zero_point[m])      (exact)
//   y = clamp(y_zero_point + roundHalfEven(acc * multiplier[m] / 2^shift[m]), act_min, act_max)
// Negative accumulators use the multiplier scaled by alpha_multiplier / 2^alpha_shift when
// given (a fused LeakyRelu/PRelu; util/int8-requant.ts rqAlpha);
// act_min/act_max carry a fused Relu/Clip/Max/Min. All parameters are computed at build time
// (converter/passes/fuseQdq.ts); see util/int8-requant.ts for the rounding.
// Inputs: x (int8/uint8), w (int8/uint8 constant, [M, C/group, k...]), table (optional: 256
// int8/uint8 entries; then y = table[requantized value], a fused QLookup, and y has the table's
// type; output_dtype is that of the requantized value).
// Attributes: the Conv ones (auto_pad, pads, strides, dilations, group, kernel_shape), bias (int32,
// one per output channel; an attribute rather than a tensor: 90 bytes less per layer), x_zero_point,
// w_zero_point (one or per output channel), y_zero_point, multiplier and shift (one or per output
// channel), alpha_multiplier, alpha_shift, act_min, act_max, output_dtype (3 int8, 2 uint8).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { convGeom } from '../quant/convInt';
import { int8ColTaps, int8Im2col, int8Gemm4, int8Pack, int8Gemm4Packed } from './convCore';
import { rqParams, rqAlpha, rqRow, perChannel, actRange, outDtype, isInt8Type, intList, tableOffset } from './requant';
import { INT8_DOMAIN } from './domain';
import { sizeOf } from '../../dtype';

export var meta: Meta = { op: 'QConv', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8', 'int32'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, w = node.inputs[1]!, b = node.attrs.bias;
  if (!isInt8Type(x.dtype) || !isInt8Type(w.dtype)) fail('x and w must be int8 or uint8');
  var g = convGeom(x.shape, w.shape, node.attrs);
  if (b && b.length !== g.M) fail('bias must have one entry per output channel (' + g.M + ')');
  perChannel(intList(node.attrs.multiplier, 0), g.M, 'multiplier');
  var t = node.inputs[2];
  if (t && (!isInt8Type(t.dtype) || sizeOf(t.shape) !== 256)) fail('table must have 256 int8 or uint8 entries');
  outDtype(node.attrs);
  return [{ dtype: t ? t.dtype : outDtype(node.attrs), shape: g.outShape }];
};

// im2col buffers are capped at this many elements; larger outputs go in bands of rows.
var BAND = 65536;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, Y = node.outputs[0];
  var a = node.attrs, g = convGeom(X.shape, Wt.shape, a);
  var x = X.data, y = Y.data, bias = a.bias ? new Float64Array(a.bias) : null;
  var N = g.N, C = g.C, M = g.M, Cg = g.Cg, Mg = g.Mg, G = C / Cg;
  var K = Cg * g.ks[0] * g.ks[1] * g.ks[2], OW = g.ys[2], R = g.ys[0] * g.ys[1], P = R * OW, plane = g.xs[0] * g.xs[1] * g.xs[2];
  var xz = a.x_zero_point | 0, yz = a.y_zero_point | 0, wz = intList(a.w_zero_point, 0);
  var wzPer = perChannel(wz, M, 'w_zero_point');
  var mult = intList(a.multiplier, 0), shift = intList(a.shift, 31), per = perChannel(mult, M, 'multiplier');
  var rq = rqParams(mult, shift, 'multiplier');
  var rn = a.alpha_multiplier !== undefined ? rqAlpha(mult, shift, a.alpha_multiplier, a.alpha_shift, 'alpha') : null;
  var T = node.inputs[2], table = T ? T.data : null, qt = outDtype(a), toff = tableOffset(qt);
  var range = actRange(a, qt), lo = range[0], hi = range[1];
  // weights minus their zero point, once
  var w = new Int16Array(Wt.data.length);
  for (var m = 0; m < M; m++) { var z = wz[wzPer ? m : 0]; for (var k = 0; k < K; k++) w[m * K + k] = Wt.data[m * K + k] - z; }
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (K * OW))));
  var col = new Int16Array(K * band * OW), acc = new Float64Array(4 * band * OW), ct = int8ColTaps(g);
  // two columns per multiply-add when the sums fit 25 bits (util/int8-conv.ts int8Pack)
  var xq = X.dtype === 2 ? 255 - xz : 127 - xz, xr = X.dtype === 2 ? xz : xz + 128, wmax = 0;
  for (var i = 0; i < w.length; i++) if (w[i] > wmax || -w[i] > wmax) wmax = w[i] < 0 ? -w[i] : w[i];
  var pk = K * wmax * (xq > xr ? xq : xr) < 33554432 && Mg % 4 === 0 ? new Float64Array(K * ((band * OW + 1) >> 1)) : null;
  return function () {
    for (var n = 0; n < N; n++) for (var gi = 0; gi < G; gi++) {
      var xo = (n * C + gi * Cg) * plane;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW;
        int8Im2col(g, ct, x, xo, xz, col, r0, r1);
        var h = pk ? int8Pack(col, K, cols, pk) : 0;
        for (var m0 = gi * Mg; m0 < (gi + 1) * Mg; m0 += 4) {
          var cnt = (gi + 1) * Mg - m0 < 4 ? (gi + 1) * Mg - m0 : 4;
          if (pk) int8Gemm4Packed(w, m0, K, pk, h, cols, bias, acc);
          else int8Gemm4(w, m0, cnt, K, col, cols, bias, acc);
          for (var i = 0; i < cnt; i++) {
            var c = per ? m0 + i : 0, yo = (n * M + m0 + i) * P + r0 * OW;
            rqRow(acc, i * cols, cols, rq, rn, c, yz, lo, hi, y, yo, table, toff);
          }
        }
      }
    }
  };
}
