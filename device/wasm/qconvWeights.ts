// The int8 convs' weights as the integer GEMM reads them (QConv.ts, DynQConv.ts): less their zero
// point, [M, Ke] int16 (Ke = 2 * T * CP), K ordered (tap, channel): element (c, t) of row m at pair
// t * CP + (c >> 1), half c & 1 (an odd Cg padded with a zero channel); wmax their largest
// magnitude; at(m, c, t) one of them (for the Winograd transform, qwinograd.ts).
export interface PairWeights { wq: Int16Array; wmax: number; at: (m: number, c: number, t: number) => number }

export function pairWeights(w: ArrayLike<number>, M: number, Cg: number, T: number, wz: number[], wzPer: number | boolean): PairWeights {
  var K = Cg * T, CP = (Cg + 1) >> 1, Ke = 2 * T * CP, wq = new Int16Array(M * Ke), wmax = 0;
  for (var m = 0; m < M; m++) {
    var z = wz[wzPer ? m : 0];
    for (var c = 0; c < Cg; c++) for (var t = 0; t < T; t++) {
      var v = w[m * K + c * T + t] - z;
      wq[m * Ke + (t * CP + (c >> 1)) * 2 + (c & 1)] = v;
      if (v > wmax || -v > wmax) wmax = v < 0 ? -v : v;
    }
  }
  return { wq: wq, wmax: wmax, at: function (m, c, t) { return w[m * K + c * T + t] - wz[wzPer ? m : 0]; } };
}
