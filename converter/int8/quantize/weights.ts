// Weights: symmetric int8 in [-127, 127], per output channel (or per tensor), and int32 biases
// in the scale x_scale * w_scale[c] with zero point 0. Rounding is QuantizeLinear's: the
// float32 quotient, half to even.
import { roundHalfEven } from '../../../device/kernels/quant/round';
import * as D from '../../../device/dtype';

export interface QWeight { data: Int8Array; scale: number[]; axis: number }

// axis -1: one scale for the whole tensor.
export function quantizeWeight(w: D.TypedArray, shape: number[], axis: number): QWeight {
  var C = axis < 0 ? 1 : shape[axis], inner = 1, outer = 1;
  if (axis >= 0) { for (var i = axis + 1; i < shape.length; i++) inner *= shape[i]; for (var i = 0; i < axis; i++) outer *= shape[i]; }
  else inner = w.length;
  var amax = new Float64Array(C);
  for (var o = 0, p = 0; o < outer; o++) for (var c = 0; c < C; c++) for (var k = 0; k < inner; k++, p++) {
    var a = Math.abs(w[p]);
    if (a > amax[c]) amax[c] = a;
  }
  var scale: number[] = [];
  for (var c = 0; c < C; c++) scale.push(amax[c] > 0 ? Math.fround(amax[c] / 127) : 1);
  var q = new Int8Array(w.length);
  for (var o = 0, p = 0; o < outer; o++) for (var c = 0; c < C; c++) for (var k = 0; k < inner; k++, p++) {
    var v = roundHalfEven(Math.fround(w[p] / scale[c]));
    q[p] = v < -127 ? -127 : v > 127 ? 127 : v;
  }
  return { data: q, scale, axis };
}

// Bias values (one per channel, or one for all) in scale fround(sx * sw[c]).
export function quantizeBias(b: ArrayLike<number>, channels: number, sx: number, sw: number[]): { data: Int32Array; scale: number[] } {
  var out = new Int32Array(channels), scale: number[] = [];
  for (var c = 0; c < channels; c++) {
    var s = Math.fround(sx * sw[sw.length > 1 ? c : 0]);
    scale.push(s);
    var v = roundHalfEven(Math.fround(b[b.length > 1 ? c : 0] / s));
    out[c] = v > 2147483647 ? 2147483647 : v < -2147483648 ? -2147483648 : v;
  }
  return { data: out, scale };
}

// A constant operand of Add/Mul/Concat: per-tensor asymmetric int8 over its own range.
export function quantizeConstAsym(x: ArrayLike<number>, scale: number, zp: number): Int8Array {
  var q = new Int8Array(x.length);
  for (var i = 0; i < x.length; i++) {
    var v = roundHalfEven(Math.fround(x[i] / scale)) + zp;
    q[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
  return q;
}
