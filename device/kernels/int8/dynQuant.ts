// The run-time quantization of the dynamic int8 kernels (DynQConv, DynQMatMul), as ONNX
// DynamicQuantizeLinear defines it (quant/DynamicQuantizeLinear.ts, onnxruntime's
// GetQuantizationParameter): the range of x widened to include 0, scale = (max - min) / 255 in
// float32 (1 when the range is empty), zero point = roundHalfEven(clamp(-(min / scale), 0, 255))
// with a float32 quotient. And the float epilogue those kernels share, in float32 as onnxruntime
// runs Cast → Mul → Add → activation: each step's result stored in a Float32Array rounds it.
import { roundHalfEven } from '../quant/round';

// The uint8 quantized input, one buffer shared by every dynamic kernel of the model (they run
// one at a time): prepare reserves its size, eval takes the buffer (grown by then to the largest
// size reserved; no allocation). On Espruino this is most of the kernels' RAM.
var shared: Uint8Array | null = null;
export function reserveQ(n: number) { if (!shared || shared.length < n) shared = new Uint8Array(n); }
export function sharedQ(): Uint8Array { return shared!; }

// The quantization of x[0..n) into q (uint8, or widened elsewhere): scale and zero point
// into p[0], p[1]. t: a one-element Float32Array (float32 rounding).
export function dynRange(x: ArrayLike<number>, n: number, t: Float32Array, p: Float64Array) {
  var mx = 0, mn = 0;
  for (var i = 0; i < n; i++) { var v = x[i]; if (v > mx) mx = v; if (v < mn) mn = v; }
  dynParams(mn, mx, t, p);
}

export function dynParams(mn: number, mx: number, t: Float32Array, p: Float64Array) {
  var scale = 1;
  if (mx !== mn) { t[0] = mx - mn; t[0] = t[0] / 255; scale = t[0]; }
  t[0] = mn / scale;
  var zp = -t[0];
  p[0] = scale;
  p[1] = roundHalfEven(zp < 0 ? 0 : zp > 255 ? 255 : zp);
}

// q[i] = clamp(roundHalfEven(float32(x[i] / scale)) + zp, 0, 255).
export function dynQuantize(x: ArrayLike<number>, n: number, scale: number, zp: number, q: Uint8Array, t: Float32Array) {
  for (var i = 0; i < n; i++) {
    t[0] = x[i] / scale;
    var r = roundHalfEven(t[0]) + zp;
    q[i] = r < 0 ? 0 : r > 255 ? 255 : r;
  }
}

// The combined scales float32(x_scale * w_scale[c]) into s (onnxruntime's Mul of the two).
export function dynScales(xs: number, ws: ArrayLike<number>, s: Float32Array) {
  for (var c = 0; c < s.length; c++) s[c] = xs * ws[ws.length > 1 ? c : 0];
}

// y[o..o+n) = act(float32(acc) * s + b), every step rounded to float32 (y is a Float32Array):
// act(v) = clamp(v >= 0 ? v : alpha * v, lo, hi), one LeakyRelu at most (alpha 1: none).
// The int32 accumulators below 2^24 are exact float32; larger ones are rounded through t.
export function dynRow(acc: ArrayLike<number>, a0: number, n: number, s: number, b: number, alpha: number, lo: number, hi: number,
                       y: Float32Array, o: number, t: Float32Array) {
  for (var j = 0; j < n; j++) {
    var a = acc[a0 + j];
    if (a >= 16777216 || a <= -16777216) { t[0] = a; a = t[0]; }
    y[o + j] = a * s;
    y[o + j] = y[o + j] + b;
    var v = y[o + j];
    if (v < 0 && alpha !== 1) { y[o + j] = v * alpha; v = y[o + j]; }
    y[o + j] = v < lo ? lo : v > hi ? hi : v;
  }
}
