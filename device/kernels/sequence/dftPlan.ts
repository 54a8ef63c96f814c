// A complex DFT of fixed length N on scratch buffers, planned once: radix-2 FFT when N is a
// power of two, otherwise a direct sum over a twiddle table. Unnormalized; `inverse` flips the
// sign of the exponent.
import { Node, fail, constInput } from '../contract';
import { InferNode } from '../infer';
import { FLOAT, INT64, INT32, UINT64, UINT32, FLOAT16, BFLOAT16, ARRAY_OF } from '../../dtype';

export interface DftPlan {
  N: number;
  re: Float64Array;   // input on entry, spectrum on return
  im: Float64Array;
  run(K: number): void;   // computes bins [0, K) (all N for the FFT)
}

export function planDft(N: number, inverse: boolean): DftPlan {
  var cos = new Float64Array(N), sin = new Float64Array(N), sg = inverse ? 1 : -1;
  for (var k = 0; k < N; k++) { var a = 2 * Math.PI * k / N; cos[k] = Math.cos(a); sin[k] = sg * Math.sin(a); }
  var re = new Float64Array(N), im = new Float64Array(N);
  var pow2 = N > 0 && (N & (N - 1)) === 0;
  var rev = new Int32Array(pow2 ? N : 0), tr = new Float64Array(pow2 ? 0 : N), ti = new Float64Array(pow2 ? 0 : N);
  if (pow2) for (var i = 0, j = 0; i < N; i++) {
    rev[i] = j;
    var bit = N >> 1;
    while (bit && (j & bit)) { j ^= bit; bit >>= 1; }
    j |= bit;
  }
  function fft() {
    for (var i = 0; i < N; i++) {
      var j = rev[i];
      if (j > i) { var t = re[i]; re[i] = re[j]; re[j] = t; t = im[i]; im[i] = im[j]; im[j] = t; }
    }
    for (var len = 2; len <= N; len <<= 1) {
      var half = len >> 1, step = N / len;
      for (var s = 0; s < N; s += len) {
        for (var m = 0, w = 0; m < half; m++, w += step) {
          var a = s + m, b = a + half, c = cos[w], d = sin[w];
          var xr = re[b] * c - im[b] * d, xi = re[b] * d + im[b] * c;
          re[b] = re[a] - xr; im[b] = im[a] - xi;
          re[a] += xr; im[a] += xi;
        }
      }
    }
  }
  function direct(K: number) {
    for (var k = 0; k < K; k++) {
      var sr = 0, si = 0, w = 0;
      for (var n = 0; n < N; n++) {
        var c = cos[w], d = sin[w], xr = re[n], xi = im[n];
        sr += xr * c - xi * d; si += xr * d + xi * c;
        w += k; if (w >= N) w -= N;
      }
      tr[k] = sr; ti[k] = si;
    }
    for (var k = 0; k < K; k++) { re[k] = tr[k]; im[k] = ti[k]; }
  }
  return { N: N, re: re, im: im, run: function (K: number) { if (pow2) fft(); else direct(K); } };
}

// Generalized cosine windows (Hann, Hamming, Blackman): w[n] = a0 - a1 cos(2πn/M) + a2 cos(4πn/M),
// M = size when periodic, size - 1 when symmetric.

export function outDtype(attrs: { [k: string]: any }): number {
  var t = attrs.output_datatype === undefined ? FLOAT : attrs.output_datatype;
  if (t === INT64) return INT32;
  if (t === UINT64) return UINT32;
  if (t === FLOAT16 || t === BFLOAT16) return FLOAT;
  if (!ARRAY_OF[t]) fail('output_datatype ' + t + ' is not supported');
  return t;
}

export function windowInfer(node: InferNode) {
  var size = constInput(node, 0, 'size')![0];
  if (size < 0) fail('window size ' + size + ' is negative');
  return [{ dtype: outDtype(node.attrs), shape: [size] }];
}

export function windowPrepare(a0: number, a1: number, a2: number) {
  return function (node: Node) {
    var y = node.outputs[0].data, n = y.length, periodic = node.attrs.periodic !== 0;
    var M = periodic ? n : n - 1;
    var tab = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var a = 2 * Math.PI * i / M;   // size 1, symmetric: 0/0, NaN as in the reference
      tab[i] = a0 - a1 * Math.cos(a) + a2 * Math.cos(2 * a);
    }
    return function () { for (var i = 0; i < n; i++) y[i] = tab[i]; };
  };
}
