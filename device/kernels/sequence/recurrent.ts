// Shared by the recurrent kernels (RNN, GRU, LSTM): activation functions named by the
// `activations` attribute, output shapes, and the tensor layouts (layout 0: [seq, batch, ...],
// layout 1: [batch, seq, ...]).
import { Attrs, fail } from '../contract';
import { Infer } from '../infer';

export type Act = (x: number) => number;

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  var e = Math.exp(x);
  return e / (1 + e);
}

// tanh without overflow: exp of a large argument would give Infinity/Infinity.
export function tanh(x: number): number {
  if (x > 20) return 1;
  if (x < -20) return -1;
  if (x > -0.0003 && x < 0.0003) return x - x * x * x / 3;
  var e = Math.exp(2 * x);
  return (e - 1) / (e + 1);
}

// Which of alpha/beta each activation takes, and the defaults when the lists run out
// (onnxruntime consumes activation_alpha/beta in order, only for functions that use them).
var TAKES: { [name: string]: number[] } = {
  // [uses alpha, uses beta, default alpha, default beta]
  relu: [0, 0, 0, 0], tanh: [0, 0, 0, 0], sigmoid: [0, 0, 0, 0], softsign: [0, 0, 0, 0], softplus: [0, 0, 0, 0],
  affine: [1, 1, 1, 0], leakyrelu: [1, 0, 0.01, 0], thresholdedrelu: [1, 0, 1, 0],
  scaledtanh: [1, 1, 1, 1], hardsigmoid: [1, 1, 0.2, 0.5], elu: [1, 0, 1, 0],
};

function makeAct(name: string, a: number, b: number): Act {
  switch (name) {
    case 'sigmoid': return sigmoid;
    case 'tanh': return tanh;
    case 'relu': return function (x) { return x > 0 ? x : 0; };
    case 'affine': return function (x) { return a * x + b; };
    case 'leakyrelu': return function (x) { return x >= 0 ? x : a * x; };
    case 'thresholdedrelu': return function (x) { return x > a ? x : 0; };
    case 'scaledtanh': return function (x) { return a * tanh(b * x); };
    case 'hardsigmoid': return function (x) { var v = a * x + b; return v < 0 ? 0 : v > 1 ? 1 : v; };
    case 'elu': return function (x) { return x >= 0 ? x : a * (Math.exp(x) - 1); };
    case 'softsign': return function (x) { return x / (1 + (x < 0 ? -x : x)); };
    case 'softplus': return function (x) { return x > 30 ? x : Math.log(1 + Math.exp(x)); };
  }
  return fail('unknown activation function ' + name);
}

// acts[d * perDir + k]: k-th activation of direction d.
export function activations(attrs: Attrs, defaults: string[], dirs: number): Act[] {
  var names: string[] = attrs.activations || [];
  var per = defaults.length;
  if (names.length === 0) { names = []; for (var d = 0; d < dirs; d++) for (var k = 0; k < per; k++) names.push(defaults[k]); }
  else if (names.length === per && dirs === 2) names = names.concat(names);
  if (names.length !== per * dirs) fail('activations lists ' + names.length + ' functions; expected ' + per * dirs);
  var alphas: number[] = attrs.activation_alpha || [], betas: number[] = attrs.activation_beta || [];
  var ia = 0, ib = 0, out: Act[] = [];
  for (var i = 0; i < names.length; i++) {
    var n = String(names[i]).toLowerCase(), t = TAKES[n];
    if (!t) fail('unknown activation function ' + names[i]);
    var a = t[2], b = t[3];
    if (t[0]) { if (ia < alphas.length) a = alphas[ia]; ia++; }
    if (t[1]) { if (ib < betas.length) b = betas[ib]; ib++; }
    out.push(makeAct(n, a, b));
  }
  return out;
}

export interface RnnDims { T: number; B: number; I: number; H: number; D: number; layout: number }

export function rnnDims(node: { inputs: any[]; attrs: Attrs }, gates: number): RnnDims {
  var X = node.inputs[0], W = node.inputs[1], R = node.inputs[2];
  var layout = node.attrs.layout === 1 ? 1 : 0;
  if (X.shape.length !== 3) fail('X must have rank 3, got [' + X.shape + ']');
  var T = layout ? X.shape[1] : X.shape[0], B = layout ? X.shape[0] : X.shape[1], I = X.shape[2];
  var D = node.attrs.direction === 'bidirectional' ? 2 : 1;
  var H = node.attrs.hidden_size !== undefined ? node.attrs.hidden_size : R.shape[2];
  if (W.shape[0] !== D || W.shape[1] !== gates * H || W.shape[2] !== I)
    fail('W has shape [' + W.shape + '], expected [' + [D, gates * H, I] + ']');
  if (R.shape[0] !== D || R.shape[1] !== gates * H || R.shape[2] !== H)
    fail('R has shape [' + R.shape + '], expected [' + [D, gates * H, H] + ']');
  return { T: T, B: B, I: I, H: H, D: D, layout: layout };
}

// Outputs: Y, Y_h and (LSTM) Y_c.
export function inferRnn(gates: number): Infer {
  return function (node) {
    var d = rnnDims(node, gates), dt = node.inputs[0]!.dtype;
    var Y = d.layout ? [d.B, d.T, d.D, d.H] : [d.T, d.D, d.B, d.H];
    var S = d.layout ? [d.B, d.D, d.H] : [d.D, d.B, d.H];
    var outs = [{ dtype: dt, shape: Y }];
    for (var i = 1; i < node.numOutputs; i++) outs.push({ dtype: dt, shape: S.slice() });
    return outs;
  };
}

// Element offsets of X[t][b][0], Y[t][d][b][0] and state[d][b][0] for either layout.
export function xOff(d: RnnDims, t: number, b: number): number {
  return d.layout ? (b * d.T + t) * d.I : (t * d.B + b) * d.I;
}
export function yOff(d: RnnDims, t: number, dir: number, b: number): number {
  return d.layout ? ((b * d.T + t) * d.D + dir) * d.H : ((t * d.D + dir) * d.B + b) * d.H;
}
export function sOff(d: RnnDims, dir: number, b: number): number {
  return d.layout ? (b * d.D + dir) * d.H : (dir * d.B + b) * d.H;
}

// out[r] = bias[r] + W[r,:]·x + R[r,:]·h for r in [0, rows): the input and recurrent products of
// one direction (w, r are that direction's offsets into W and R). Shaped for interpreters: 4 rows
// at a time share each load of x and h, k unrolled by 4 with one chained sum per row (the same
// additions in the same order as one s += W*x per step: bias, then x's terms, then h's).
export function gatesMatVec(out: Float64Array, rows: number, Wd: ArrayLike<number>, wo: number, x: ArrayLike<number>, xo: number, I: number,
                            Rd: ArrayLike<number>, ro: number, h: Float64Array, H: number, bias: Float64Array, bo: number) {
  var r = 0, R4 = rows - rows % 4;
  for (; r < R4; r += 4) {
    var s0 = bias[bo + r], s1 = bias[bo + r + 1], s2 = bias[bo + r + 2], s3 = bias[bo + r + 3];
    var p0 = wo + r * I, p1 = p0 + I, p2 = p1 + I, p3 = p2 + I, k = xo, ke = xo + I - I % 4, xe = xo + I;
    for (; k < ke; k += 4) {
      var v0 = x[k], v1 = x[k + 1], v2 = x[k + 2], v3 = x[k + 3];
      s0 = s0 + Wd[p0] * v0 + Wd[p0 + 1] * v1 + Wd[p0 + 2] * v2 + Wd[p0 + 3] * v3;
      s1 = s1 + Wd[p1] * v0 + Wd[p1 + 1] * v1 + Wd[p1 + 2] * v2 + Wd[p1 + 3] * v3;
      s2 = s2 + Wd[p2] * v0 + Wd[p2 + 1] * v1 + Wd[p2 + 2] * v2 + Wd[p2 + 3] * v3;
      s3 = s3 + Wd[p3] * v0 + Wd[p3 + 1] * v1 + Wd[p3 + 2] * v2 + Wd[p3 + 3] * v3;
      p0 += 4; p1 += 4; p2 += 4; p3 += 4;
    }
    for (; k < xe; k++) { var v = x[k]; s0 += Wd[p0++] * v; s1 += Wd[p1++] * v; s2 += Wd[p2++] * v; s3 += Wd[p3++] * v; }
    var q0 = ro + r * H, q1 = q0 + H, q2 = q1 + H, q3 = q2 + H, j = 0, je = H - H % 4;
    for (; j < je; j += 4) {
      var u0 = h[j], u1 = h[j + 1], u2 = h[j + 2], u3 = h[j + 3];
      s0 = s0 + Rd[q0] * u0 + Rd[q0 + 1] * u1 + Rd[q0 + 2] * u2 + Rd[q0 + 3] * u3;
      s1 = s1 + Rd[q1] * u0 + Rd[q1 + 1] * u1 + Rd[q1 + 2] * u2 + Rd[q1 + 3] * u3;
      s2 = s2 + Rd[q2] * u0 + Rd[q2 + 1] * u1 + Rd[q2 + 2] * u2 + Rd[q2 + 3] * u3;
      s3 = s3 + Rd[q3] * u0 + Rd[q3 + 1] * u1 + Rd[q3 + 2] * u2 + Rd[q3 + 3] * u3;
      q0 += 4; q1 += 4; q2 += 4; q3 += 4;
    }
    for (; j < H; j++) { var u = h[j]; s0 += Rd[q0++] * u; s1 += Rd[q1++] * u; s2 += Rd[q2++] * u; s3 += Rd[q3++] * u; }
    out[r] = s0; out[r + 1] = s1; out[r + 2] = s2; out[r + 3] = s3;
  }
  var p = wo + r * I, q = ro + r * H, xe2 = xo + I;
  for (; r < rows; r++) {
    var s = bias[bo + r], kk = xo;
    for (; kk < xe2; kk++) s += Wd[p++] * x[kk];
    for (kk = 0; kk < H; kk++) s += Rd[q++] * h[kk];
    out[r] = s;
  }
}

// Sum of the input and recurrent biases per direction: bias[d*G*H + r] = Wb[r] + Rb[r].
export function sumBias(out: Float64Array, Bt: ArrayLike<number> | null, D: number, GH: number) {
  for (var d = 0; d < D; d++) for (var r = 0; r < GH; r++)
    out[d * GH + r] = Bt ? Bt[d * 2 * GH + r] + Bt[d * 2 * GH + GH + r] : 0;
}
