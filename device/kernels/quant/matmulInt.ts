// Integer matrix product with zero points, shared by MatMulInteger and QLinearMatMul.
// Shapes follow numpy.matmul: 1-D operands are promoted (and the added axis dropped from the
// output), leading batch axes broadcast. Sums are exact integers in doubles (far below 2^53).
import { Tensor, fail } from '../contract';
import { broadcastShapes, broadcastStrides, stridesOf } from '../shape';
import { sizeOf } from '../../dtype';

export interface MMGeom { M: number; K: number; N: number; aOff: Int32Array; bOff: Int32Array; outShape: number[] }

export function matmulGeom(aShape: number[], bShape: number[]): MMGeom {
  if (!aShape.length || !bShape.length) fail('matmul operands must have rank 1 or more');
  var a = aShape.length === 1 ? [1, aShape[0]] : aShape, b = bShape.length === 1 ? [bShape[0], 1] : bShape;
  var M = a[a.length - 2], K = a[a.length - 1], N = b[b.length - 1];
  if (b[b.length - 2] !== K) fail('inner dimensions differ: [' + aShape + '] x [' + bShape + ']');
  var ab = a.slice(0, a.length - 2), bb = b.slice(0, b.length - 2);
  var batch = broadcastShapes([ab, bb]), nb = sizeOf(batch);
  var sa = broadcastStrides(ab, batch), sb = broadcastStrides(bb, batch), so = stridesOf(batch);
  var aOff = new Int32Array(nb), bOff = new Int32Array(nb);
  for (var i = 0; i < nb; i++) {
    var r = i, oa = 0, ob = 0;
    for (var d = 0; d < batch.length; d++) { var q = Math.floor(r / so[d]); r -= q * so[d]; oa += q * sa[d]; ob += q * sb[d]; }
    aOff[i] = oa * M * K; bOff[i] = ob * K * N;
  }
  var outShape = batch.slice();
  if (aShape.length > 1) outShape.push(M);
  if (bShape.length > 1) outShape.push(N);
  return { M: M, K: K, N: N, aOff: aOff, bOff: bOff, outShape: outShape };
}

// A zero point is a scalar or has one entry per row of A (`len` = M) / per column of B (N).
export function checkZp(z: { shape: number[] } | null, len: number, what: string) {
  if (!z) return;
  var n = sizeOf(z.shape);
  if (n !== 1 && n !== len) fail(what + ' must be a scalar or have ' + len + ' entries, got shape [' + z.shape + ']');
}

// Returns eval: for every output row calls row(offset, m, acc) with
// acc[n] = sum_k (a[m,k] - az[m]) * (b[k,n] - bz[n]). B is walked row by row (contiguous), and
// bz is applied once per row through sum_k (a - az).
export function mmInt(g: MMGeom, A: Tensor, B: Tensor, AZ: Tensor | null, BZ: Tensor | null,
                      row: (o: number, m: number, acc: Float64Array) => void): () => void {
  var M = g.M, K = g.K, N = g.N, aOff = g.aOff, bOff = g.bOff, nb = aOff.length;
  var a = A.data, b = B.data, az = AZ ? AZ.data : null, bz = BZ ? BZ.data : null;
  var azRow = !!az && az.length > 1, bzCol = !!bz && bz.length > 1;
  var acc = new Float64Array(N);
  return function () {
    var o = 0;
    for (var bi = 0; bi < nb; bi++) {
      for (var m = 0; m < M; m++, o += N) {
        var ao = aOff[bi] + m * K, z = az ? az[azRow ? m : 0] : 0, sa = 0;
        for (var n = 0; n < N; n++) acc[n] = 0;
        for (var k = 0; k < K; k++) {
          var av = a[ao + k] - z;
          if (av === 0) continue;
          sa += av;
          var bo = bOff[bi] + k * N;
          for (var n = 0; n < N; n++) acc[n] += av * b[bo + n];
        }
        if (bz) for (var n = 0; n < N; n++) acc[n] -= sa * bz[bzCol ? n : 0];
        row(o, m, acc);
      }
    }
  };
}
