// y = saturate(round(conv(x - x_zp, w - w_zp) + B) * (x_scale * w_scale / y_scale) + y_zp)).
// x's scale and zero point are per tensor; w's per tensor or per output channel; B is int32.
// As in the reference, the multiplier is rounded to the scales' type (float32, float16) at each
// step, the rest is double, and the sum (zero point included) is rounded half to even, then
// saturated.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { convGeom, convIntPlane } from './convInt';
import { quantize, qMin, qMax, arithType, scaleRatio } from './round';
import { UINT8, INT8, INT32, DTYPE_NAME, sizeOf } from '../../dtype';

export var meta: Meta = { op: 'QLinearConv', domain: '', since: 10, dtypes: ['uint8', 'int8'] };

export var infer: Infer = function (node) {
  var ints = [0, 2, 3, 5, 7];
  for (var i = 0; i < ints.length; i++) {
    var v = node.inputs[ints[i]];
    if (v && v.dtype !== UINT8 && v.dtype !== INT8) fail('input ' + ints[i] + ' must be uint8 or int8, got ' + DTYPE_NAME[v.dtype]);
  }
  var g = convGeom(node.inputs[0]!.shape, node.inputs[3]!.shape, node.attrs);
  var one = [1, 2, 6, 7], per = [4, 5];
  for (var i = 0; i < one.length; i++) { var v = node.inputs[one[i]]; if (v && sizeOf(v.shape) !== 1) fail('input ' + one[i] + ' must be a scalar'); }
  for (var i = 0; i < per.length; i++) {
    var v = node.inputs[per[i]];
    if (v && sizeOf(v.shape) !== 1 && sizeOf(v.shape) !== g.M) fail('input ' + per[i] + ' must be a scalar or have one entry per output channel');
  }
  var B = node.inputs[8];
  if (B && (B.dtype !== INT32 || sizeOf(B.shape) !== g.M)) fail('B must be int32 with one entry per output channel');
  var yz = node.inputs[7];
  return [{ dtype: yz ? yz.dtype : node.inputs[0]!.dtype, shape: g.outShape }];
};

export function prepare(node: Node) {
  var inp = node.inputs, Y = node.outputs[0], y = Y.data;
  var x = inp[0]!.data, xs = inp[1]!.data, xzd = inp[2] ? inp[2]!.data : null;
  var w = inp[3]!.data, ws = inp[4]!.data, wzd = inp[5] ? inp[5]!.data : null;
  var ys = inp[6]!.data, yzd = inp[7] ? inp[7]!.data : null, bias = inp[8] ? inp[8]!.data : null;
  var g = convGeom(inp[0]!.shape, inp[3]!.shape, node.attrs);
  var N = g.N, M = g.M, P = sizeOf(g.ys), lo = qMin(Y.dtype), hi = qMax(Y.dtype);
  var acc = new Float64Array(P), t = new Float32Array(1), at = arithType(inp[1]!.dtype, inp[4]!.dtype);
  return function () {
    var xz = xzd ? xzd[0] : 0, yz = yzd ? yzd[0] : 0;
    for (var n = 0; n < N; n++) {
      for (var m = 0; m < M; m++) {
        convIntPlane(g, x, xz, w, wzd ? wzd[wzd.length > 1 ? m : 0] : 0, n, m, bias ? bias[m] : 0, acc, 0);
        var k = scaleRatio(at, xs[0], ws[ws.length > 1 ? m : 0], ys[0], t), o = (n * M + m) * P;
        for (var p = 0; p < P; p++) y[o + p] = quantize(acc[p] * k + yz, 0, lo, hi);
      }
    }
  };
}
