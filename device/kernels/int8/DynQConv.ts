// tinyonnx.int8:DynQConv — a float convolution in integer arithmetic with x quantized at run time
// (--quantize dynamic; onnxruntime's quantize_dynamic form DynamicQuantizeLinear → ConvInteger →
// Cast → Mul(x_scale * w_scale) → Add(bias) → activation, in one kernel):
//   x_scale, x_zero_point from x's range (dynQuant.ts), xq = uint8 quantization of x
//   acc[n, m, p] = sum_{c, k} (xq - x_zero_point) * (w - w_zero_point[m])              (exact)
//   y = act(float32(acc) * float32(x_scale * w_scale[m]) + bias[m])                     (float32)
// act(v) = clamp(v >= 0 ? v : alpha * v, act_min, act_max): a fused LeakyRelu, Relu, Clip, Max/Min.
// Inputs: x (float32), w (int8 constant [M, C/group, k...]), bias (float32 [M], optional).
// Attributes: the Conv ones, w_scale (floats, one or per output channel), w_zero_point (ints,
// optional), alpha, act_min, act_max (floats, optional).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { convGeom } from '../quant/convInt';
import { int8ColTaps, int8Im2col, int8Gemm4, int8Pack, int8Gemm4Packed } from './convCore';
import { perChannel, intList } from './requant';
import { dynRange, dynQuantize, dynScales, dynRow, reserveQ, sharedQ } from './dynQuant';
import { INT8_DOMAIN } from './domain';
import { FLOAT } from '../../dtype';

export var meta: Meta = { op: 'DynQConv', domain: INT8_DOMAIN, since: 1, dtypes: ['float32', 'int8'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, g = convGeom(x.shape, node.inputs[1]!.shape, node.attrs);
  if (x.dtype !== FLOAT) fail('x must be float32');
  perChannel(node.attrs.w_scale || [], g.M, 'w_scale');
  return [{ dtype: FLOAT, shape: g.outShape }];
};

// The epilogue's activation from the attributes: [alpha, lo, hi].
export function dynAct(a: any): number[] {
  return [a.alpha === undefined ? 1 : a.alpha, a.act_min === undefined ? -Infinity : a.act_min, a.act_max === undefined ? Infinity : a.act_max];
}

// im2col buffers are capped at this many elements; larger outputs go in bands of rows.
var BAND = 65536;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, B = node.inputs[2], a = node.attrs, g = convGeom(X.shape, Wt.shape, a);
  var x = X.data, y = node.outputs[0].data as Float32Array, bias = B ? B.data : null;
  var N = g.N, C = g.C, M = g.M, Cg = g.Cg, Mg = g.Mg, G = C / Cg;
  var K = Cg * g.ks[0] * g.ks[1] * g.ks[2], OW = g.ys[2], R = g.ys[0] * g.ys[1], P = R * OW, plane = g.xs[0] * g.xs[1] * g.xs[2];
  var ws: number[] = a.w_scale, wz = intList(a.w_zero_point, 0), wzPer = perChannel(wz, M, 'w_zero_point');
  var act = dynAct(a), alpha = act[0], lo = act[1], hi = act[2];
  // weights less their zero point, once (as they are without one: no copy in RAM)
  var w: any = Wt.data;
  if (a.w_zero_point) {
    w = new Int16Array(Wt.data.length);
    for (var m = 0; m < M; m++) { var z = wz[wzPer ? m : 0]; for (var k = 0; k < K; k++) w[m * K + k] = Wt.data[m * K + k] - z; }
  }
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (K * OW))));
  var col = new Int16Array(K * band * OW), acc = new Float64Array(4 * band * OW), ct = int8ColTaps(g);
  // two columns per multiply-add when the sums fit 25 bits whatever x's zero point (|xq - xz| <= 255)
  var wmax = 0;
  for (var i = 0; i < w.length; i++) if (w[i] > wmax || -w[i] > wmax) wmax = w[i] < 0 ? -w[i] : w[i];
  var pk = K * wmax * 255 < 33554432 && Mg % 4 === 0 ? new Float64Array(K * ((band * OW + 1) >> 1)) : null;
  reserveQ(x.length);
  var s = new Float32Array(M), t = new Float32Array(1), p = new Float64Array(2);
  return function () {
    var xq = sharedQ();
    dynRange(x, x.length, t, p);
    var xz = p[1];
    dynQuantize(x, x.length, p[0], xz, xq, t);
    dynScales(p[0], ws, s);
    for (var n = 0; n < N; n++) for (var gi = 0; gi < G; gi++) {
      var xo = (n * C + gi * Cg) * plane;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW;
        int8Im2col(g, ct, xq, xo, xz, col, r0, r1);
        var h = pk ? int8Pack(col, K, cols, pk) : 0;
        for (var m0 = gi * Mg; m0 < (gi + 1) * Mg; m0 += 4) {
          var cnt = (gi + 1) * Mg - m0 < 4 ? (gi + 1) * Mg - m0 : 4;
          if (pk) int8Gemm4Packed(w, m0, K, pk, h, cols, null, acc);
          else int8Gemm4(w, m0, cnt, K, col, cols, null, acc);
          for (var i = 0; i < cnt; i++) {
            var c = m0 + i;
            dynRow(acc, i * cols, cols, s[c], bias ? bias[c] : 0, alpha, lo, hi, y, (n * M + c) * P + r0 * OW, t);
          }
        }
      }
    }
  };
}
