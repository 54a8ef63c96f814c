// tinyonnx.int8:DynQMatMul — a float matrix product in integer arithmetic with a quantized at
// run time (--quantize dynamic; onnxruntime's DynamicQuantizeLinear → MatMulInteger → Cast →
// Mul(a_scale * b_scale) → Add(bias) → activation, in one kernel; Gemm maps onto it):
//   a_scale, a_zero_point from a's range (dynQuant.ts), aq = uint8 quantization of a
//   acc[.., m, n] = sum_k (aq[m, k] - a_zero_point) * (b[n, k] - b_zero_point[n])       (exact)
//   y = act(float32(acc) * float32(a_scale * b_scale[n]) + bias[n])                     (float32)
// Inputs: a (float32 [..., M, K]), b (int8 constant, [N, K]: each column's weights contiguous),
// bias (float32 [N], optional). Attributes: b_scale (floats, one or per column), b_zero_point
// (ints, optional), alpha, act_min, act_max (floats, optional: the activation, as DynQConv's).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { perChannel, intList } from './requant';
import { dynRange, dynQuantize, dynScales, dynRow, reserveQ, sharedQ } from './dynQuant';
import { dynAct } from './DynQConv';
import { INT8_DOMAIN } from './domain';
import { FLOAT } from '../../dtype';
import { nativeDotFn } from '../nn/nativeDot';

export var meta: Meta = { op: 'DynQMatMul', domain: INT8_DOMAIN, since: 1, dtypes: ['float32', 'int8'] };

export var infer: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[1]!;
  if (a.dtype !== FLOAT) fail('a must be float32');
  if (b.shape.length !== 2 || a.shape.length < 1 || a.shape[a.shape.length - 1] !== b.shape[1])
    fail('a [' + a.shape + '] and b [' + b.shape + '] (given as [N, K]) do not multiply');
  perChannel(node.attrs.b_scale || [], b.shape[0], 'b_scale');
  var out = a.shape.slice(0, a.shape.length - 1);
  out.push(b.shape[0]);
  return [{ dtype: FLOAT, shape: out }];
};

export function prepare(node: Node) {
  var A = node.inputs[0]!, Bt = node.inputs[1]!, Bias = node.inputs[2], at = node.attrs;
  var N = Bt.shape[0], K = Bt.shape[1], x = A.data, rows = x.length / K, y = node.outputs[0].data as Float32Array;
  var bias = Bias ? Bias.data : null, bs: number[] = at.b_scale, bz = intList(at.b_zero_point, 0), bzPer = perChannel(bz, N, 'b_zero_point');
  var act = dynAct(at), alpha = act[0], lo = act[1], hi = act[2];
  // b less its zero point, once (as it is without one: no copy in RAM)
  var b: any = Bt.data, n: number, k: number;
  if (at.b_zero_point) {
    b = new Int16Array(N * K);
    for (n = 0; n < N; n++) for (k = 0; k < K; k++) b[n * K + k] = Bt.data[n * K + k] - bz[bzPer ? n : 0];
  }
  // sum_k (aq - az) * b = sum_k aq * b - az * bsum[n]: the column sums once
  var bsum = new Int32Array(N);
  for (n = 0; n < N; n++) for (k = 0; k < K; k++) bsum[n] += b[n * K + k];
  reserveQ(x.length);
  var acc = new Float64Array(1), s = new Float32Array(N), t = new Float32Array(1), p = new Float64Array(2), dot = nativeDotFn();
  return function () {
    var aq = sharedQ();
    dynRange(x, x.length, t, p);
    var az = p[1];
    dynQuantize(x, x.length, p[0], az, aq, t);
    dynScales(p[0], bs, s);
    for (var m = 0; m < rows; m++) {
      var o = m * K, row = dot ? aq.subarray(o, o + K) : null;   // (Espruino: a native dot per column)
      for (n = 0; n < N; n++) {
        var sum = 0, r = n * K;
        if (row) sum = dot!(row, b, r);
        else for (k = 0; k < K; k++) sum += aq[o + k] * b[r + k];
        acc[0] = sum - az * bsum[n];
        dynRow(acc, 0, 1, s[n], bias ? bias[n] : 0, alpha, lo, hi, y, m * N + n, t);
      }
    }
  };
}
