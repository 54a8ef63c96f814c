// Score post-transforms of the ai.onnx.ml classifiers and regressors, applied in place to one
// row of scores. Codes are TreeEnsemble's (opset 5) integers; older ops name them as strings.
// Follows onnxruntime (the runtime these models are made for): a row of a single score is
// only transformed by PROBIT; LOGISTIC, SOFTMAX and SOFTMAX_ZERO leave it as it is.
import { fail } from '../contract';

export var NONE = 0, SOFTMAX = 1, LOGISTIC = 2, SOFTMAX_ZERO = 3, PROBIT = 4;
var NAMES = ['NONE', 'SOFTMAX', 'LOGISTIC', 'SOFTMAX_ZERO', 'PROBIT'];

export function postCode(v: any): number {
  if (v === undefined || v === null) return NONE;
  var c = typeof v === 'number' ? v : NAMES.indexOf(String(v));
  if (!(c >= 0 && c <= 4)) fail('post_transform ' + v + ' is not one of ' + NAMES.join(', '));
  return c;
}

export function logistic(v: number): number {
  var e = 1 / (1 + Math.exp(-Math.abs(v)));
  return v < 0 ? 1 - e : e;
}

// Winitzki's approximation of erf^-1, as the reference and onnxruntime use.
function erfInv(x: number): number {
  var sgn = x < 0 ? -1 : 1;
  x = (1 - x) * (1 + x);
  if (x === 0) return 0;
  var l = Math.log(x), v = 2 / (Math.PI * 0.147) + 0.5 * l, v2 = l / 0.147;
  return sgn * Math.sqrt(-v + Math.sqrt(v * v - v2));
}

export function probit(v: number): number {
  return 1.41421356 * erfInv(v * 2 - 1);
}

export function postTransform(code: number, a: { [i: number]: number }, off: number, n: number) {
  var i: number;
  if (code === NONE || (n === 1 && code !== PROBIT)) return;
  if (code === LOGISTIC) { for (i = 0; i < n; i++) a[off + i] = logistic(a[off + i]); return; }
  if (code === PROBIT) { for (i = 0; i < n; i++) a[off + i] = probit(a[off + i]); return; }
  var mx = -Infinity, s = 0;
  for (i = 0; i < n; i++) if (a[off + i] > mx) mx = a[off + i];
  if (code === SOFTMAX) {
    for (i = 0; i < n; i++) { a[off + i] = Math.exp(a[off + i] - mx); s += a[off + i]; }
    for (i = 0; i < n; i++) a[off + i] /= s;
    return;
  }
  // SOFTMAX_ZERO: entries that are (almost) zero stay zero-weighted: exp(0 - max) * 0.
  var em = Math.exp(-mx);
  for (i = 0; i < n; i++) {
    var v = a[off + i];
    a[off + i] = v > 0.0000001 || v < -0.0000001 ? Math.exp(v - mx) : v * em;
    s += a[off + i];
  }
  for (i = 0; i < n; i++) a[off + i] = s === 0 ? 0.5 : a[off + i] / s;
}
