// Math functions ES5 lacks, written to stay accurate near 0 and not to overflow early.
// Results are doubles; float32 kernels round them on store.

var LN2 = 0.6931471805599453;

// e^x - 1 without cancellation for small x (Kahan's trick: exp(x) rounding cancels out).
export function expm1(x: number): number {
  if (x > 0.5 || x < -0.5) return Math.exp(x) - 1;
  var u = Math.exp(x);
  if (u === 1) return x;
  var um1 = u - 1;
  return um1 * x / Math.log(u);
}

// log(1 + x) without losing x's low bits when x is small (Goldberg's trick).
export function log1p(x: number): number {
  var u = 1 + x;
  if (u === 1) return x;
  if (u === Infinity) return u;
  return Math.log(u) * x / (u - 1);
}

export function tanh(x: number): number {
  var a = x < 0 ? -x : x;
  if (a > 22) return x < 0 ? -1 : 1;          // tanh(22) rounds to 1 in doubles
  var e = expm1(2 * a), t = e / (e + 2);
  return x < 0 ? -t : t;
}

export function sinh(x: number): number {
  var a = x < 0 ? -x : x, s: number;
  if (a < 1) { var e = expm1(a); s = 0.5 * (e + e / (e + 1)); }
  else if (a < 709) { var f = Math.exp(a); s = 0.5 * (f - 1 / f); }
  else { var h = Math.exp(0.5 * a); s = (0.5 * h) * h; }   // e^a overflows before sinh does
  return x < 0 ? -s : s;
}

export function cosh(x: number): number {
  var a = x < 0 ? -x : x;
  if (a < 709) { var f = Math.exp(a); return 0.5 * (f + 1 / f); }
  var h = Math.exp(0.5 * a);
  return (0.5 * h) * h;
}

export function asinh(x: number): number {
  var a = x < 0 ? -x : x, r: number;
  if (a > 1e8) r = Math.log(a) + LN2;
  else r = log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
  return x < 0 ? -r : r;
}

export function acosh(x: number): number {
  if (x < 1) return NaN;
  if (x > 1e8) return Math.log(x) + LN2;
  var t = x - 1;
  return log1p(t + Math.sqrt(2 * t + t * t));
}

export function atanh(x: number): number {
  var a = x < 0 ? -x : x;
  var r = 0.5 * log1p(2 * a / (1 - a));
  return x < 0 ? -r : r;
}

// erfc with relative error < 1.2e-7 (Chebyshev fit, Numerical Recipes' erfcc).
export function erfc(x: number): number {
  var z = x < 0 ? -x : x;
  var t = 1 / (1 + 0.5 * z);
  var r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

// erf: Taylor series near 0 (relative accuracy there), 1 - erfc elsewhere.
export function erf(x: number): number {
  var a = x < 0 ? -x : x;
  if (a < 0.5) {
    var x2 = x * x, term = x, sum = x;
    for (var n = 1; n < 12; n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    return 1.1283791670955126 * sum;   // 2 / sqrt(pi)
  }
  var r = 1 - erfc(a);
  return x < 0 ? -r : r;
}

// Round half to even (numpy.round, ONNX Round).
// Half to even from floor alone: Math.round's handling of negative halves differs by engine.
export function roundEven(x: number): number {
  var f = Math.floor(x), d = x - f;
  if (d > 0.5 || (d === 0.5 && f % 2 !== 0)) f += 1;
  return f === 0 && x < 0 ? -0 : f;
}

// log(1 + e^x) without overflow.
export function softplus(x: number): number {
  return x > 0 ? x + log1p(Math.exp(-x)) : log1p(Math.exp(x));
}

// 1 / (1 + e^-x) without overflow.
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  var e = Math.exp(x);
  return e / (1 + e);
}
