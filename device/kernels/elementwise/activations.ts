// The activation functions as loops, one function per activation so each loop stays
// monomorphic: y[i] = act(x[i]) for i in [from, to), in place when x === y. Used by the
// activation kernels and by Conv/Gemm/MatMul's fused epilogue (attributes `activation`,
// `activation_params`, set by converter/passes/fuseActivation.ts).
import { fail } from '../contract';
import { TypedArray } from '../../dtype';
import { erfc, sigmoid, tanh } from './math';

export type ActLoop = (x: TypedArray, y: TypedArray, from: number, to: number, p0: number, p1: number, p2: number) => void;

export function relu(x: TypedArray, y: TypedArray, from: number, to: number) {
  for (var i = from; i < to; i++) { var v = x[i]; y[i] = v > 0 ? v : 0; }
}
// With min > max every value becomes max (ONNX Clip).
export function clip(x: TypedArray, y: TypedArray, from: number, to: number, lo: number, hi: number) {
  for (var i = from; i < to; i++) { var v = x[i]; if (v < lo) v = lo; y[i] = v > hi ? hi : v; }
}
export function leakyRelu(x: TypedArray, y: TypedArray, from: number, to: number, alpha: number) {
  for (var i = from; i < to; i++) { var v = x[i]; y[i] = v < 0 ? alpha * v : v; }
}
// LeakyRelu followed by Clip (fused only: converter/passes/fuseActivation.ts), the two loops' values
// (alpha * v in double then compared: rounding to float32 is monotonic and lo, hi are float32).
// With alpha >= 0 and lo <= 0 <= hi (TF's floor), a negative v cannot pass hi nor a non-negative
// one fall below lo: one comparison fewer per element, the same values (about 1.4x in QuickJS).
export function leakyReluClip(x: TypedArray, y: TypedArray, from: number, to: number, alpha: number, lo: number, hi: number) {
  var i = from, v: number;
  if (alpha >= 0 && lo <= 0 && hi >= 0) {
    for (; i < to; i++) { v = x[i]; if (v < 0) { v = alpha * v; if (v < lo) v = lo; } else if (v > hi) v = hi; y[i] = v; }
    return;
  }
  for (; i < to; i++) { v = x[i]; v = v < 0 ? alpha * v : v; if (v < lo) v = lo; y[i] = v > hi ? hi : v; }
}
export function hardSigmoid(x: TypedArray, y: TypedArray, from: number, to: number, alpha: number, beta: number) {
  for (var i = from; i < to; i++) { var t = alpha * x[i] + beta; y[i] = t < 0 ? 0 : t > 1 ? 1 : t; }
}
export function hardSwish(x: TypedArray, y: TypedArray, from: number, to: number) {
  for (var i = from; i < to; i++) { var v = x[i], t = v / 6 + 0.5; y[i] = t <= 0 ? 0 : t >= 1 ? v : v * t; }
}
// Split on sign so exp never overflows.
export function sigmoidLoop(x: TypedArray, y: TypedArray, from: number, to: number) {
  for (var i = from; i < to; i++) {
    var v = x[i];
    if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
    else { var e = Math.exp(v); y[i] = e / (1 + e); }
  }
}
// Swish / SiLU: x * sigmoid(alpha * x).
export function swish(x: TypedArray, y: TypedArray, from: number, to: number, alpha: number) {
  for (var i = from; i < to; i++) {
    var v = x[i], u = alpha * v;
    if (u >= 0) y[i] = v * (1 / (1 + Math.exp(-u)));
    else { var e = Math.exp(u); y[i] = v * (e / (1 + e)); }
  }
}
export function tanhLoop(x: TypedArray, y: TypedArray, from: number, to: number) {
  for (var i = from; i < to; i++) y[i] = tanh(x[i]);
}
// Exact: x/2 * (1 + erf(x/sqrt2)) = x/2 * erfc(-x/sqrt2), no cancellation for negative x.
export function gelu(x: TypedArray, y: TypedArray, from: number, to: number) {
  for (var i = from; i < to; i++) { var v = x[i]; y[i] = 0.5 * v * erfc(-0.7071067811865476 * v); }
}
// tanh form: x/2 * (1 + tanh(u)) = x * sigmoid(2u), u = sqrt(2/pi) * (x + 0.044715 x^3).
export function geluTanh(x: TypedArray, y: TypedArray, from: number, to: number) {
  for (var i = from; i < to; i++) { var v = x[i]; y[i] = v * sigmoid(1.5957691216057308 * (v + 0.044715 * v * v * v)); }
}

// What a Conv/Gemm/MatMul can apply. Every bundle with one of those carries the whole table, so
// it holds only the loops that need no math helpers: Tanh and Gelu (tanh, erfc: ~0.4 KB gzip)
// stay nodes of their own.
var LOOPS: { [name: string]: ActLoop } = {
  Relu: relu, Clip: clip, LeakyRelu: leakyRelu, LeakyReluClip: leakyReluClip, HardSigmoid: hardSigmoid, HardSwish: hardSwish, Sigmoid: sigmoidLoop, Swish: swish,
};

// A fused activation's loop from a node's attributes; null if none.
function fusedLoop(attrs: { [k: string]: any }): ActLoop | null {
  var name = attrs.activation;
  if (name === undefined) return null;
  var loop = LOOPS[name];
  if (!loop) fail('unknown fused activation ' + name);
  return loop;
}

// A unary activation kernel's eval: the whole tensor through one loop.
export function unaryLoop(loop: ActLoop, node: { inputs: ({ data: TypedArray } | null)[]; outputs: { data: TypedArray }[] }, p0?: number, p1?: number) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data, n = y.length, a = p0 || 0, b = p1 || 0;
  return function () { loop(x, y, 0, n, a, b, 0); };
}

// eval followed by the node's fused activation over its whole output (one pass while the
// output is still warm; the separate activation node, its dispatch and its buffer are gone).
// One closure per node: the session's RAM estimate (size-reports/ram.ts) counts on it.
export function withActivation(ev: () => void, node: { attrs: { [k: string]: any }; outputs: { data: TypedArray }[] }): () => void {
  var loop = fusedLoop(node.attrs);
  if (!loop) return ev;
  var ps = node.attrs.activation_params || [0, 0, 0];
  return epilogue(ev, loop, node.outputs[0].data, ps[0], ps[1], ps[2]);
}

// The closure in a scope of its own: Espruino keeps a closure's whole scope, and withActivation's
// holds the node (and through it every tensor object it names) in the board's variables.
function epilogue(ev: () => void, loop: ActLoop, y: TypedArray, p0: number, p1: number, p2: number) {
  var n = y.length;
  return function () { ev(); loop(y, y, 0, n, p0, p1, p2); };
}
