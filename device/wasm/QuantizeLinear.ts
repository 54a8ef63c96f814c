// QuantizeLinear on the wasm core (targets/wasm/int8Wat.ts "quant") for the common case of the
// int8 models' input: float32 x, one float32 scale, int8/uint8 y, no precision attribute. x is
// copied into wasm memory, quantized there (float32 quotient, round half to even, zero point,
// clamp, NaN to the lowest value: the JS kernel's result, byte for byte), and y copied out.
// Anything else runs the JS kernel.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/quant/QuantizeLinear';
import { core, place, open } from './core';

export function prepare(node: Node) {
  var X = node.inputs[0]!, S = node.inputs[1]!, Z = node.inputs[2], Y = node.outputs[0], sp = core();
  var n = X.data.length;
  if (!sp || X.dtype !== 1 || S.dtype !== 1 || S.data.length !== 1 || (Y.dtype !== 2 && Y.dtype !== 3) ||
      (Z && Z.data.length !== 1) || (node.opset >= 23 && node.attrs.precision) || !n) return jsPrepare(node);
  var scale = S.data[0], zp = Z ? Z.data[0] : 0, lo = Y.dtype === 2 ? 0 : -128, hi = Y.dtype === 2 ? 255 : 127;
  var px = place(sp, null, n), py = place(sp, null, (n + 3) >> 2), s = sp, x = X.data, y = Y.data;
  var xin: Float32Array | null = null, out: Int8Array | Uint8Array | null = null;
  return function () {
    var w = open(s);
    if (!xin) {
      xin = new Float32Array(s.heap!.buffer, px, n);
      out = Y.dtype === 2 ? new Uint8Array(s.heap!.buffer, py, n) : new Int8Array(s.heap!.buffer, py, n);
    }
    xin.set(x as Float32Array);
    w.quant(px, py, n, scale, zp, lo, hi);
    y.set(out!);
  };
}
