// tinyonnx.int8:WMatMul (--quantize dynamic) on the wasm core: b (int8 [K, N], less its zero
// point) widened to float32 in wasm memory once at load; the product runs in the float gemm, then
// y = scale[n] * product + bias[n] in JS, in the JS kernel's order. Keeps a float32 copy of b in
// RAM (4x its int8 bytes): node and webview only.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/WMatMul';
import { perChannel } from '../kernels/int8/requant';
import { core, place, region, open } from './core';

export function prepare(node: Node) {
  var A = node.inputs[0]!, Bt = node.inputs[1]!, Bias = node.inputs[2], a = node.attrs, sp = core();
  var K = Bt.shape[0], N = Bt.shape[1], rows = K ? A.data.length / K : 0;
  if (!sp || A.dtype !== 1 || !K || !N || !rows) return jsPrepare(node);
  var b: any = Bt.data, z: number[] = a.b_zero_point || [0], bf = new Float32Array(b.length);
  for (var i = 0; i < b.length; i++) bf[i] = b[i] - z[z.length > 1 ? i % N : 0];
  var x = A.data, y = node.outputs[0].data, bias = Bias ? Bias.data : null, scale: number[] = a.scale, per = perChannel(scale, N, 'scale');
  var pa = place(sp, null, rows * K), pb = place(sp, bf, K * N), py = place(sp, null, rows * N), out = region(sp, py, rows * N), s = sp;
  return function () {
    var w = open(s);
    s.heap!.set(x as Float32Array, pa >> 2);
    w.gemm(rows, N, K, pa, K * 4, pb, N * 4, py, N * 4, 0, 0);
    var o = out();
    for (var m = 0, i = 0; m < rows; m++) for (var n = 0; n < N; n++, i++) y[i] = o[i] * scale[per ? n : 0] + (bias ? bias[n] : 0);
  };
}
