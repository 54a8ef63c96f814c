// tinyonnx:Stft — a convolution (or matrix product) whose constant weights are a windowed DFT
// basis, run as a real FFT per frame. converter/passes/recognizeDft.ts writes it in place of
// the Conv/MatMul nodes it checked weight by weight against
//   cos row k:   window[n] cos(2 pi k n / N)   = Re X[k]
//   sin row k:   window[n] sin(2 pi k n / N)   = -Im X[k]
//   -sin row k: -window[n] sin(2 pi k n / N)   = Im X[k]
// with X[k] = sum_n window[n] x[n] e^(-2 pi i k n / N), and emits exactly the rows and layout
// those nodes produced, so nothing around them changes.
// Inputs: x, window [N] (constant). Outputs: one per replaced node.
// Attributes:
//   n_fft   N, a power of two >= 4
//   form    1: Conv over [B, 1, L] → [B, C, F]; 2: Conv over [B, 1, 1, L] → [B, C, 1, F];
//           0: MatMul over [..., N] → [..., C] (each row a frame)
//   hop, pads  the Conv's stride and [begin, end] zero padding of the signal axis (form 1, 2)
//   runs    quadruples (output, kind, first bin, count): kind 0 cos, 1 sin, 2 -sin; an output's
//           rows are its runs in order
// The frame is windowed and transformed in float64 (fft.ts): at least as close to the exact
// product as a float32 sum of the original weights. On Espruino, E.FFT runs the transform
// natively where it computes in doubles (probed at prepare; Bangle.js builds: measured 6e-12 off
// float64 on a 512-point frame). The firmware's default build computes it in float32 with
// recurrence twiddles: 3.5e-4 off on that frame (2.2e-6 of its L1 norm, a few % of a -40 dB
// bin), not exact enough, and the JS transform runs there.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { TypedArray } from '../../dtype';
import { fftPlan, fftRun, FftPlan } from './fft';

export var STFT_DOMAIN = 'tinyonnx';
export var meta: Meta = { op: 'Stft', domain: STFT_DOMAIN, since: 1, dtypes: ['float32', 'float64'] };

interface Geom { N: number; B: number; L: number; F: number; hop: number; pad: number; form: number; C: number[]; runs: number[] }

function geom(node: { inputs: any[]; attrs: any }, numOutputs: number): Geom {
  var a = node.attrs, x = node.inputs[0].shape, N = a.n_fft, form = a.form, runs = a.runs || [];
  if (!(N >= 4) || (N & (N - 1)) !== 0) fail('n_fft must be a power of two >= 4, got ' + N);
  if (!node.inputs[1] || node.inputs[1].shape.length !== 1 || node.inputs[1].shape[0] !== N) fail('window must be [' + N + ']');
  if (runs.length % 4 !== 0) fail('runs must be (output, kind, first bin, count) quadruples');
  var C: number[] = [];
  for (var o = 0; o < numOutputs; o++) C.push(0);
  for (var r = 0; r < runs.length; r += 4) {
    if (!(runs[r] >= 0 && runs[r] < numOutputs) || !(runs[r + 1] >= 0 && runs[r + 1] <= 2) || runs[r + 2] < 0 || runs[r + 3] < 1 || runs[r + 2] + runs[r + 3] > N / 2 + 1)
      fail('bad run ' + runs[r] + ',' + runs[r + 1] + ',' + runs[r + 2] + ',' + runs[r + 3]);
    C[runs[r]] += runs[r + 3];
  }
  var B = 1, L: number, F: number, hop = 1, pad = 0;
  if (form === 0) {
    if (x[x.length - 1] !== N) fail('expects frames [..., ' + N + '], got [' + x + ']');
    for (var i = 0; i < x.length - 1; i++) B *= x[i];
    L = N; F = 1;
  } else {
    var p = a.pads || [0, 0];
    if (form === 1 ? x.length !== 3 || x[1] !== 1 : x.length !== 4 || x[1] !== 1 || x[2] !== 1) fail('expects one channel [B, 1, ' + (form === 2 ? '1, ' : '') + 'L], got [' + x + ']');
    B = x[0]; L = x[x.length - 1]; hop = a.hop; pad = p[0];
    if (!(hop >= 1)) fail('hop must be >= 1');
    F = Math.floor((L + p[0] + p[1] - N) / hop) + 1;
    if (F < 1) fail('signal shorter than one frame');
  }
  return { N: N, B: B, L: L, F: F, hop: hop, pad: pad, form: form, C: C, runs: runs };
}

export var infer: Infer = function (node) {
  var g = geom(node, node.numOutputs), x = node.inputs[0]!, out = [];
  for (var o = 0; o < node.numOutputs; o++) {
    var shape = g.form === 0 ? x.shape.slice(0, -1).concat([g.C[o]]) : g.form === 1 ? [g.B, g.C[o], g.F] : [g.B, g.C[o], 1, g.F];
    out.push({ dtype: x.dtype, shape: shape });
  }
  return out;
};

declare var E: any;

// E.FFT where it computes in doubles: a forward transform of [1/3, 0] gives 1/6 exactly in
// doubles, not in float32.
function nativeFft(): ((re: TypedArray, im: TypedArray) => void) | null {
  if (typeof E === 'undefined' || !E || typeof E.FFT !== 'function') return null;
  var re = new Float64Array(2), im = new Float64Array(2);
  re[0] = 1 / 3;
  E.FFT(re, im);
  return re[0] === 1 / 6 && re[1] === 1 / 6 && im[0] === 0 ? E.FFT : null;
}

// The runs as a flat table: output, kind, first bin, count, first row.
export function prepare(node: Node) {
  var g = geom(node, node.outputs.length), N = g.N, win = node.inputs[1]!.data, x = node.inputs[0]!.data;
  var R = g.runs.length / 4, runs = new Int32Array(R * 5), seen: number[] = [], outs: TypedArray[] = [];
  for (var o = 0; o < node.outputs.length; o++) { seen.push(0); outs.push(node.outputs[o].data); }
  for (var r = 0; r < R; r++) {
    for (var j = 0; j < 4; j++) runs[r * 5 + j] = g.runs[r * 4 + j];
    runs[r * 5 + 4] = seen[g.runs[r * 4]];
    seen[g.runs[r * 4]] += g.runs[r * 4 + 3];
  }
  var nat = nativeFft();
  return nat ? runNative(nat, g, x, win, outs, runs) : runJs(fftPlan(N), g, x, win, outs, runs);
}

// Each frame: window it (zeros outside the signal), transform, store the rows.
function runJs(p: FftPlan, g: Geom, x: TypedArray, win: TypedArray, outs: TypedArray[], runs: Int32Array) {
  var rev = p.rev, zr = p.zr, zi = p.zi, B = g.B, F = g.F, L = g.L, hop = g.hop, pad = g.pad, C = g.C, N = g.N, M = N >> 1;
  return function () {
    for (var b = 0; b < B; b++)
      for (var f = 0; f < F; f++) {
        var s = b * L, t0 = f * hop - pad;
        if (t0 >= 0 && t0 + N <= L) {
          for (var m = 0, n = s + t0; m < M; m++, n += 2) { zr[rev[m]] = x[n] * win[2 * m]; zi[rev[m]] = x[n + 1] * win[2 * m + 1]; }
        } else {
          for (var m2 = 0; m2 < M; m2++) {
            var u = t0 + 2 * m2, v = u + 1;
            zr[rev[m2]] = u >= 0 && u < L ? x[s + u] * win[2 * m2] : 0;
            zi[rev[m2]] = v >= 0 && v < L ? x[s + v] * win[2 * m2 + 1] : 0;
          }
        }
        fftRun(p);
        store(zr, zi, 1, outs, runs, C, F, b, f);
      }
  };
}

// The rows of runs from the bins (re, im) at frame f of batch b, each bin times `scale`.
function store(re: Float64Array, im: Float64Array, scale: number, outs: TypedArray[], runs: Int32Array, C: number[], F: number, b: number, f: number) {
  for (var r = 0; r < runs.length; r += 5) {
    var o = runs[r], kind = runs[r + 1], k = runs[r + 2], end = k + runs[r + 3], y = outs[o], i = (b * C[o] + runs[r + 4]) * F + f;
    if (kind === 0) for (; k < end; k++, i += F) y[i] = re[k] * scale;
    else if (kind === 1) for (; k < end; k++, i += F) y[i] = -im[k] * scale;
    else for (; k < end; k++, i += F) y[i] = im[k] * scale;
  }
}

// E.FFT(re, im): the N-point complex transform of the windowed frame, divided by N.
function runNative(fft: (re: TypedArray, im: TypedArray) => void, g: Geom, x: TypedArray, win: TypedArray, outs: TypedArray[], runs: Int32Array) {
  var N = g.N, re = new Float64Array(N), im = new Float64Array(N), B = g.B, F = g.F, L = g.L, hop = g.hop, pad = g.pad, C = g.C;
  return function () {
    for (var b = 0; b < B; b++)
      for (var f = 0; f < F; f++) {
        var s = b * L, t0 = f * hop - pad;
        for (var n = 0; n < N; n++) { var u = t0 + n; re[n] = u >= 0 && u < L ? x[s + u] * win[n] : 0; im[n] = 0; }
        fft(re, im);
        store(re, im, N, outs, runs, C, F, b, f);
      }
  };
}
