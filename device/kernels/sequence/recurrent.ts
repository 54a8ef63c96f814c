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
// one direction (w, r are that direction's offsets into W and R).
export function gatesMatVec(out: Float64Array, rows: number, Wd: ArrayLike<number>, wo: number, x: ArrayLike<number>, xo: number, I: number,
                            Rd: ArrayLike<number>, ro: number, h: Float64Array, H: number, bias: Float64Array, bo: number) {
  var p = wo, q = ro, xe = xo + I;
  for (var r = 0; r < rows; r++) {
    var s = bias[bo + r], k = xo;
    for (; k < xe; k++) s += Wd[p++] * x[k];
    for (k = 0; k < H; k++) s += Rd[q++] * h[k];
    out[r] = s;
  }
}

// Sum of the input and recurrent biases per direction: bias[d*G*H + r] = Wb[r] + Rb[r].
export function sumBias(out: Float64Array, Bt: ArrayLike<number> | null, D: number, GH: number) {
  for (var d = 0; d < D; d++) for (var r = 0; r < GH; r++)
    out[d * GH + r] = Bt ? Bt[d * 2 * GH + r] + Bt[d * 2 * GH + GH + r] : 0;
}
