// tinyonnx.int8:WMatMul — a float matrix product whose right operand stays int8 (--quantize
// dynamic; Gemm maps onto it with B transposed at build time): y[.., m, n] =
// scale[n] * sum_k a[.., m, k] * b[k, n] + bias[n]. No dequantized copy of b in RAM.
// Inputs: a (float32 [..., M, K]), b (int8 constant [K, N]), bias (float32 [N], optional).
// Attributes: scale (floats, one or per column), b_zero_point (ints, optional).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { gemm } from '../nn/gemmCore';
import { perChannel } from './requant';
import { INT8_DOMAIN } from './domain';
import { FLOAT, sizeOf } from '../../dtype';

export var meta: Meta = { op: 'WMatMul', domain: INT8_DOMAIN, since: 1, dtypes: ['float32', 'int8'] };

export var infer: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[1]!;
  if (a.dtype !== FLOAT) fail('a must be float32');
  if (b.shape.length !== 2 || a.shape.length < 1 || a.shape[a.shape.length - 1] !== b.shape[0])
    fail('a [' + a.shape + '] and b [' + b.shape + '] do not multiply (b must be 2-D)');
  perChannel(node.attrs.scale || [], b.shape[1], 'scale');
  var out = a.shape.slice(0, a.shape.length - 1);
  out.push(b.shape[1]);
  return [{ dtype: FLOAT, shape: out }];
};

export function prepare(node: Node) {
  var A = node.inputs[0]!, Bt = node.inputs[1]!, Bias = node.inputs[2], a = node.attrs;
  var K = Bt.shape[0], N = Bt.shape[1], M = sizeOf(A.shape) / K, x = A.data, y = node.outputs[0].data;
  var bias = Bias ? Bias.data : null, scale: number[] = a.scale, per = perChannel(scale, N, 'scale');
  var b: any = Bt.data;
  if (a.b_zero_point) {
    var z: number[] = a.b_zero_point, b16 = new Int16Array(b.length);
    for (var i = 0; i < b.length; i++) b16[i] = b[i] - z[z.length > 1 ? i % N : 0];
    b = b16;
  }
  return function () {
    gemm(M, N, K, x, 0, K, 1, b, 0, N, 1, y, 0, N, 1, null, 0, false);
    for (var m = 0, o = 0; m < M; m++) for (var n = 0; n < N; n++, o++) y[o] = y[o] * scale[per ? n : 0] + (bias ? bias[n] : 0);
  };
}
