// GridSample's coordinate handling (as PyTorch's grid_sampler): normalized [-1, 1] → pixel
// coordinates, border/reflection folding, and per-axis taps.
var F32 = new Float32Array(1);
function f32(v: number): number { F32[0] = v; return F32[0]; }

// Pixel coordinate of normalized n along an axis of length len (float32 steps, as the reference).
export function denormalize(n: number, len: number, align: boolean): number {
  return align ? f32(f32(f32(n + 1) / 2) * (len - 1)) : f32(f32(f32(f32(n + 1) * len) - 1) / 2);
}

// Folds x into [lo, hi] by reflecting at the borders.
export function reflect(x: number, lo: number, hi: number): number {
  var rng = hi - lo;
  if (x < lo) {
    var dx = lo - x, k = (dx / rng) | 0, r = dx - k * rng;
    return k % 2 === 0 ? lo + r : hi - r;
  }
  if (x > hi) {
    var dx = x - hi, k = (dx / rng) | 0, r = dx - k * rng;
    return k % 2 === 0 ? hi - r : lo + r;
  }
  return x;
}

export function cubicCoeffs(t: number, w: Float64Array, o: number) {
  var A = -0.75, u = 1 - t;
  w[o] = ((A * (t + 1) - 5 * A) * (t + 1) + 8 * A) * (t + 1) - 4 * A;
  w[o + 1] = ((A + 2) * t - (A + 3)) * t * t + 1;
  w[o + 2] = ((A + 2) * u - (A + 3)) * u * u + 1;
  w[o + 3] = ((A * (u + 1) - 5 * A) * (u + 1) + 8 * A) * (u + 1) - 4 * A;
}

// Rounds half to even (nearbyint), as the nearest mode picks pixels.
export function rint(x: number): number {
  var f = Math.floor(x), d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
