// Matrix-vector products (fewer than 4 rows of A: the wake-word classifiers' Gemm/MatMul layers)
// stream a constant B once per row block. Row-major B [K, N] makes the gemm walk each 16-column
// block down K rows N*4 bytes apart; packed into panels of 16 columns ([N/16][K][16], then the
// last N % 16 columns as [K, N % 16]) every block is one contiguous stream (2x on alexa's
// 1536 x 128 layer). Panels are laid out once at load; the products run one gemm call a panel.

// B [K, N] (row-major, or [N, K] when `trans`) as panels: a new Float32Array of K * N.
export function packPanels(b: ArrayLike<number>, K: number, N: number, trans: boolean): Float32Array {
  var out = new Float32Array(K * N), full = N - N % 16, o = 0, n: number, k: number, j: number;
  for (n = 0; n < full; n += 16) for (k = 0; k < K; k++) for (j = 0; j < 16; j++) out[o++] = trans ? b[(n + j) * K + k] : b[k * N + n + j];
  for (k = 0; k < K; k++) for (n = full; n < N; n++) out[o++] = trans ? b[n * K + k] : b[k * N + n];
  return out;
}

// Y[M, N] (rows ldy bytes apart) = mode-dependent start (as for gemm) + A[M, K] x B, B packed at pb.
export function gemmPanels(w: any, M: number, N: number, K: number, pa: number, lda: number, pb: number,
  py: number, ldy: number, bias: number, mode: number): void {
  var full = N - N % 16;
  for (var n = 0; n < full; n += 16) w.gemm(M, 16, K, pa, lda, pb + n * K * 4, 64, py + n * 4, ldy, bias, mode);
  if (full < N) w.gemm(M, N - full, K, pa, lda, pb + full * K * 4, (N - full) * 4, py + full * 4, ldy, bias, mode);
}
