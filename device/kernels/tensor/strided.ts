// Affine gather: y (contiguous, shape `shape`) takes x[base + sum_d i_d * strides[d]].
// Transpose, Slice, Expand and Tile are all this copy with different strides. Axes of size 1
// are dropped and axes that are contiguous in x merged, so typical cases become one or two loops.
import { Eval } from '../contract';
import { TypedArray } from '../../dtype';

export function stridedCopy(x: TypedArray, y: TypedArray, shape: number[], strides: number[], base: number): Eval {
  var sh: number[] = [], st: number[] = [], n = 1;
  for (var d = 0; d < shape.length; d++) n *= shape[d];
  if (n === 0) return function () {};
  for (var d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    var k = sh.length - 1;
    if (k >= 0 && st[k] === strides[d] * shape[d]) { sh[k] *= shape[d]; st[k] = strides[d]; }
    else { sh.push(shape[d]); st.push(strides[d]); }
  }
  var r = sh.length;
  if (r === 0) return function () { y[0] = x[base]; };
  var inner = sh[r - 1], is = st[r - 1];
  if (r === 1) {
    if (is === 1) return function () { for (var i = 0; i < inner; i++) y[i] = x[base + i]; };
    return function () { for (var i = 0, p = base; i < inner; i++, p += is) y[i] = x[p]; };
  }
  if (r === 2) {
    var outer = sh[0], os = st[0];
    if (is === 1) return function () {
      var o = 0;
      for (var j = 0, q = base; j < outer; j++, q += os) for (var i = 0; i < inner; i++) y[o++] = x[q + i];
    };
    return function () {
      var o = 0;
      for (var j = 0, q = base; j < outer; j++, q += os) for (var i = 0, p = q; i < inner; i++, p += is) y[o++] = x[p];
    };
  }
  // Innermost axis as a loop; the outer axes advance an odometer.
  var idx: number[] = [];
  for (var d = 0; d < r - 1; d++) idx.push(0);
  return function () {
    var o = 0, q = base;
    for (var d = 0; d < r - 1; d++) idx[d] = 0;
    while (o < n) {
      for (var i = 0, p = q; i < inner; i++, p += is) y[o++] = x[p];
      for (var k = r - 2; k >= 0; k--) {
        idx[k]++; q += st[k];
        if (idx[k] < sh[k]) break;
        q -= st[k] * sh[k]; idx[k] = 0;
      }
    }
  };
}
