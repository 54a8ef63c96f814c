// Espruino's native dot product: E.convolve(a, b, offset) = sum over i < a.length of
// a[i] * b[(i + offset) % b.length], accumulated in order in a double (src/jswrap_espruino.c), so
// it gives gemm's JS sum bit for bit, at C speed (tens of times a JS loop there). Feature-detected:
// elsewhere it is null and gemm's loops run.
import { TypedArray } from '../../dtype';

declare var E: any;
var convolve: ((a: TypedArray, b: TypedArray, offset: number) => number) | null =
  typeof E !== 'undefined' && E && typeof E.convolve === 'function' ? E.convolve : null;

// Y[M,N] = A[M,K] B[K,N] (+ colBias[n]) as gemm (gemmCore.ts) computes it, one native dot per
// output, when A's rows (am apart) and B's columns (bn apart) are contiguous: the same sum in the
// same order. A's row views are made here, at prepare; B goes whole with the column's start as the
// offset (E.convolve walks to it: no view per column, which would cost the board variables).
// colBias (Gemm's C as a row of column biases) is added after the product is stored, as Gemm's
// second pass does (the store rounds to the output's type first). Null where it does not apply.
export function nativeGemm(M: number, N: number, K: number, a: TypedArray, am: number, b: TypedArray, bn: number,
                           y: TypedArray, colBias: TypedArray | null): (() => void) | null {
  if (!convolve || K < 1) return null;
  var rows: TypedArray[] = [];
  for (var m = 0; m < M; m++) rows.push(M === 1 && a.length === K ? a : a.subarray(m * am, m * am + K));
  return dots(convolve, rows, b, bn, y, N, colBias);
}

// The run, in a scope of its own: a closure keeps its whole scope, and on Espruino every
// variable of it stays in the board's RAM.
function dots(dot: (a: TypedArray, b: TypedArray, offset: number) => number, rows: TypedArray[], b: TypedArray, bn: number,
              y: TypedArray, N: number, colBias: TypedArray | null) {
  return function () {
    for (var i = 0, o = 0; i < rows.length; i++)
      for (var n = 0, q = 0; n < N; n++, o++, q += bn) {
        y[o] = dot(rows[i], b, q) + 0;   // + 0 as gemm stores sum + 0: -0 becomes 0
        if (colBias) y[o] = y[o] + colBias[n];
      }
  };
}
