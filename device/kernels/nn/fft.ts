// The real FFT behind tinyonnx:Stft (Stft.ts). A frame of N real samples (N a power of two,
// N >= 4) is packed as N/2 complex points z[m] = x[2m] + i x[2m+1], transformed by an iterative
// radix-2 complex FFT, and split into the N/2 + 1 bins X[k] = sum_n x[n] e^(-2 pi i k n / N):
//   E[k] = (Z[k] + conj Z[M-k]) / 2,  O[k] = (Z[k] - conj Z[M-k]) / 2i,  X[k] = E[k] + e^(-2 pi i k / N) O[k]
// Everything is float64: the tables (bit reversal, twiddles from Math.cos/Math.sin, not from a
// recurrence) are made once by fftPlan, and fftRun allocates nothing.

export interface FftPlan {
  N: number;               // real length
  M: number;               // complex length, N / 2
  rev: Int16Array;         // bit-reversed index of each of the M points
  cos: Float64Array;       // cos(2 pi j / N) for j < N / 2: the complex stages' twiddles are every 2nd, 4th, ... one
  sin: Float64Array;       // sin(2 pi j / N)
  zr: Float64Array;        // M + 1: the packed frame in, the bins 0..M out
  zi: Float64Array;
}

// N <= 65536 (the bit-reversal table is 16-bit).
export function fftPlan(N: number): FftPlan {
  var M = N >> 1, bits = 0, j = 0;
  while ((1 << bits) < M) bits++;
  var rev = new Int16Array(M), c = new Float64Array(M), s = new Float64Array(M);
  for (var m = 0; m < M; m++) {
    var r = 0;
    for (var b = 0; b < bits; b++) if (m & (1 << b)) r |= 1 << (bits - 1 - b);
    rev[m] = r;
  }
  for (j = 0; j < M; j++) { c[j] = Math.cos(2 * Math.PI * j / N); s[j] = Math.sin(2 * Math.PI * j / N); }
  return { N: N, M: M, rev: rev, cos: c, sin: s, zr: new Float64Array(M + 1), zi: new Float64Array(M + 1) };
}

// zr/zi[0..M-1] hold the packed frame in bit-reversed order (the caller loads it through rev);
// leaves X[k] in zr/zi[k] for k = 0..M.
export function fftRun(p: FftPlan) {
  var M = p.M, zr = p.zr, zi = p.zi, c = p.cos, s = p.sin;
  var size = 2, ts = M;
  if (M >= 4) {
    // the first two stages at once, in fours: their twiddles are 1 and -i (no multiplications)
    for (var q = 0; q < M; q += 4) {
      var r0 = zr[q] + zr[q + 1], i0r = zi[q] + zi[q + 1], r1 = zr[q] - zr[q + 1], i1 = zi[q] - zi[q + 1];
      var r2 = zr[q + 2] + zr[q + 3], i2 = zi[q + 2] + zi[q + 3], r3 = zr[q + 2] - zr[q + 3], i3 = zi[q + 2] - zi[q + 3];
      zr[q] = r0 + r2; zi[q] = i0r + i2; zr[q + 2] = r0 - r2; zi[q + 2] = i0r - i2;
      zr[q + 1] = r1 + i3; zi[q + 1] = i1 - r3; zr[q + 3] = r1 - i3; zi[q + 3] = i1 + r3;   // (r3 + i i3)(-i) = i3 - i r3
    }
    size = 8; ts = M >> 2;
  }
  // butterflies: in a block of `size` points, point j's twiddle is e^(-2 pi i j / size), table entry j * N / size
  for (; size <= M; size <<= 1, ts >>= 1) {
    var half = size >> 1;
    for (var i0 = 0; i0 < M; i0 += size) {
      for (var j = 0, t = 0; j < half; j++, t += ts) {
        var a = i0 + j, b = a + half, wr = c[t], wi = s[t];
        var br = zr[b] * wr + zi[b] * wi, bi = zi[b] * wr - zr[b] * wi;   // Z[b] e^(-i theta)
        var ar = zr[a], ai = zi[a];
        zr[a] = ar + br; zi[a] = ai + bi;
        zr[b] = ar - br; zi[b] = ai - bi;
      }
    }
  }
  // split, in place, k with M - k: X[k] = E + W O and X[M-k] = conj(E - W O), W = e^(-2 pi i k / N)
  var z0r = zr[0], z0i = zi[0];
  for (var k = 1, l = M - 1; k <= l; k++, l--) {
    var pr = zr[k], pi = zi[k], qr = zr[l], qi = -zi[l];           // Z[k], conj Z[M-k]
    var er = (pr + qr) * 0.5, ei = (pi + qi) * 0.5;                // E
    var or = (pi - qi) * 0.5, oi = (qr - pr) * 0.5;                // O = (Z[k] - conj Z[M-k]) / 2i
    var wr2 = c[k], wi2 = s[k];
    var vr = or * wr2 + oi * wi2, vi = oi * wr2 - or * wi2;        // W O
    zr[k] = er + vr; zi[k] = ei + vi;
    zr[l] = er - vr; zi[l] = vi - ei;
  }
  zr[0] = z0r + z0i; zi[0] = 0;
  zr[M] = z0r - z0i; zi[M] = 0;
}
