// Shared by LayerNormalization and RMSNormalization: a scale/bias that broadcasts over the
// normalized (trailing) dims is read per column; when it is smaller than a row it is expanded
// into a scratch row at the start of each run (it may be a run-time input).
import { Tensor, fail } from '../contract';
import { stridesOf } from '../shape';
import { sizeOf } from '../../dtype';

export interface RowParam { data: ArrayLike<number>; sync: () => void }

export function rowParam(t: Tensor | null, xshape: number[], axis: number): RowParam | null {
  if (!t) return null;
  var norm = xshape.slice(axis), D = sizeOf(norm), src = t.data;
  if (src.length === D) return { data: src, sync: function () {} };
  var p = t.shape.slice();
  while (p.length > norm.length) {
    if (p[0] !== 1) fail('a scale or bias of shape [' + t.shape + '] does not broadcast over the normalized dims [' + norm + ']');
    p.shift();
  }
  while (p.length < norm.length) p.unshift(1);
  var ps = stridesOf(p), idx = new Int32Array(D), row = new Float64Array(D);
  for (var c = 0; c < D; c++) {
    var rem = c, off = 0;
    for (var k = norm.length - 1; k >= 0; k--) {
      if (p[k] !== 1 && p[k] !== norm[k]) fail('a scale or bias of shape [' + t.shape + '] does not broadcast over the normalized dims [' + norm + ']');
      if (p[k] !== 1) off += (rem % norm[k]) * ps[k];
      rem = (rem / norm[k]) | 0;
    }
    idx[c] = off;
  }
  return { data: row, sync: function () { for (var c = 0; c < D; c++) row[c] = src[idx[c]]; } };
}

export function rowsOf(shape: number[], axis: number): number {
  var n = 1;
  for (var d = 0; d < axis; d++) n *= shape[d];
  return n;
}

