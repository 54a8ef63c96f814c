// SVM kernels shared by SVMClassifier and SVMRegressor (as onnxruntime computes them):
//   LINEAR  x.v    POLY  (gamma x.v + coef0)^degree    RBF  exp(-gamma |x - v|^2)
//   SIGMOID tanh(gamma x.v + coef0)
// kernel_params is [gamma, coef0, degree] (all 0 when absent).
import { fail } from '../contract';

export var LINEAR = 0, POLY = 1, RBF = 2, SIGMOID = 3;
var NAMES = ['LINEAR', 'POLY', 'RBF', 'SIGMOID'];

export interface SvmKernel { type: number; gamma: number; coef0: number; degree: number }

export function svmKernel(attrs: any, linear: boolean): SvmKernel {
  var t = NAMES.indexOf(attrs.kernel_type === undefined ? 'LINEAR' : attrs.kernel_type);
  if (t < 0) fail('kernel_type must be one of ' + NAMES.join(', ') + ', got ' + attrs.kernel_type);
  var p: number[] = attrs.kernel_params || [];
  return { type: linear ? LINEAR : t, gamma: p.length > 0 ? p[0] : 0, coef0: p.length > 1 ? p[1] : 0, degree: p.length > 2 ? p[2] : 0 };
}

// tanh from exp (Math.tanh is not ES5); relative error well below float32's for all x.
function tanh(x: number): number {
  var a = x < 0 ? -x : x, e = Math.exp(-2 * a), r = a < 1e-4 ? a - a * a * a / 3 : (1 - e) / (1 + e);
  return x < 0 ? -r : r;
}

// K(x[xo .. xo+F-1], v[vo .. vo+F-1]).
export function kernelValue(k: SvmKernel, x: ArrayLike<number>, xo: number, v: ArrayLike<number>, vo: number, F: number): number {
  var s = 0, i: number;
  if (k.type === RBF) {
    for (i = 0; i < F; i++) { var d = x[xo + i] - v[vo + i]; s += d * d; }
    return Math.exp(-k.gamma * s);
  }
  for (i = 0; i < F; i++) s += x[xo + i] * v[vo + i];
  if (k.type === LINEAR) return s;
  s = k.gamma * s + k.coef0;
  return k.type === POLY ? Math.pow(s, k.degree) : tanh(s);
}

// Pairwise probabilities r (C x C) to class probabilities p (Wu, Lin & Weng 2004, as libsvm and
// onnxruntime do it). Q (C x C) and Qp (C) are scratch arrays.
export function multiclassProbability(C: number, r: Float64Array, p: { [i: number]: number }, po: number, Q: Float64Array, Qp: Float64Array) {
  var i: number, j: number;
  for (i = 0; i < C * C; i++) Q[i] = 0;
  for (i = 0; i < C; i++) {
    p[po + i] = 1 / C;
    for (j = 0; j < i; j++) { Q[i * C + i] += r[j * C + i] * r[j * C + i]; Q[i * C + j] = Q[j * C + i]; }
    for (j = i + 1; j < C; j++) { Q[i * C + i] += r[j * C + i] * r[j * C + i]; Q[i * C + j] = -r[j * C + i] * r[i * C + j]; }
  }
  var eps = 0.005 / C;
  for (var loop = 0; loop < 100; loop++) {
    var pQp = 0, maxErr = 0;
    for (i = 0; i < C; i++) {
      Qp[i] = 0;
      for (j = 0; j < C; j++) Qp[i] += Q[i * C + j] * p[po + j];
      pQp += p[po + i] * Qp[i];
    }
    for (i = 0; i < C; i++) { var e = Math.abs(Qp[i] - pQp); if (e > maxErr) maxErr = e; }
    if (maxErr < eps) break;
    for (i = 0; i < C; i++) {
      var diff = (-Qp[i] + pQp) / Q[i * C + i];
      p[po + i] += diff;
      pQp = (pQp + diff * (diff * Q[i * C + i] + 2 * Qp[i])) / (1 + diff) / (1 + diff);
      for (j = 0; j < C; j++) { Qp[j] = (Qp[j] + diff * Q[i * C + j]) / (1 + diff); p[po + j] /= 1 + diff; }
    }
  }
}
