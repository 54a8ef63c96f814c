// Unique along an axis (or of the flattened input): distinct slices, first occurrences,
// inverse map and counts; sorted lexicographically or in order of first occurrence.
import { TypedArray } from '../../dtype';
import { normAxis } from '../shape';
import { product } from './common';

export interface UniqueResult { axis: number; first: number[]; inverse: number[]; counts: number[]; shape: number[] }

export function uniqueOf(x: ArrayLike<number>, shape: number[], axisAttr: number | undefined, sorted: boolean): UniqueResult {
  var flat = axisAttr === undefined, axis = flat ? 0 : normAxis(axisAttr!, shape.length);
  var dims = flat ? [x.length] : shape, A = dims[axis];
  var outer = product(dims, 0, axis), inner = product(dims, axis + 1, dims.length);
  // Compares slice a with slice b in numpy's order (the axis moved first, then row-major).
  var cmp = function (a: number, b: number): number {
    for (var o = 0; o < outer; o++)
      for (var i = 0; i < inner; i++) {
        var u = x[(o * A + a) * inner + i], v = x[(o * A + b) * inner + i];
        if (u < v) return -1;
        if (u > v) return 1;
      }
    return 0;
  };
  var first: number[] = [], inverse: number[] = [], counts: number[] = [];
  for (var a = 0; a < A; a++) {
    var u = 0;
    while (u < first.length && cmp(first[u], a) !== 0) u++;
    if (u === first.length) { first.push(a); counts.push(0); }
    inverse.push(u); counts[u]++;
  }
  var order: number[] = [];
  for (var u = 0; u < first.length; u++) order.push(u);
  if (sorted) order.sort(function (p, q) { return cmp(first[p], first[q]); });
  var rank: number[] = [], f2: number[] = [], c2: number[] = [];
  for (var j = 0; j < order.length; j++) { rank[order[j]] = j; f2.push(first[order[j]]); c2.push(counts[order[j]]); }
  for (var a = 0; a < A; a++) inverse[a] = rank[inverse[a]];
  var out = dims.slice();
  out[axis] = f2.length;
  return { axis: axis, first: f2, inverse: inverse, counts: c2, shape: out };
}

// Writes the unique slices of x into y.
export function gatherSlices(x: TypedArray, y: TypedArray, dims: number[], axis: number, pick: number[]) {
  var A = dims[axis], outer = product(dims, 0, axis), inner = product(dims, axis + 1, dims.length), q = 0;
  for (var o = 0; o < outer; o++)
    for (var j = 0; j < pick.length; j++)
      for (var i = 0, p = (o * A + pick[j]) * inner; i < inner; i++) y[q++] = x[p + i];
}
