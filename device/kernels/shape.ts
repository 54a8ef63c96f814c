// Shape arithmetic shared by kernels' infer and prepare steps.
import { fail } from './contract';

export function stridesOf(shape: number[]): number[] {
  var s: number[] = new Array(shape.length);
  var acc = 1;
  for (var i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function normAxis(axis: number, rank: number): number {
  var a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail('axis ' + axis + ' is out of range for rank ' + rank);
  return a;
}

// Multidirectional (numpy) broadcasting.
export function broadcastShapes(shapes: number[][]): number[] {
  var rank = 0;
  for (var i = 0; i < shapes.length; i++) if (shapes[i].length > rank) rank = shapes[i].length;
  var out: number[] = [];
  for (var d = 0; d < rank; d++) {
    var dim = 1;
    for (var j = 0; j < shapes.length; j++) {
      var s = shapes[j];
      var k = d - (rank - s.length);
      if (k < 0) continue;
      var v = s[k];
      if (v === dim || v === 1) continue;
      if (dim === 1) { dim = v; continue; }
      fail('shapes [' + shapes.map(function (x) { return x.join(','); }).join('] and [') + '] cannot be broadcast');
    }
    out.push(dim);
  }
  return out;
}

// Strides of `shape` seen through the broadcast output shape `out` (0 where broadcast).
export function broadcastStrides(shape: number[], out: number[]): number[] {
  var own = stridesOf(shape);
  var r: number[] = [];
  var off = out.length - shape.length;
  for (var d = 0; d < out.length; d++) {
    var k = d - off;
    r.push(k < 0 || shape[k] === 1 ? 0 : own[k]);
  }
  return r;
}

export function sameShape(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Plain Array of numbers from a constant int tensor (shape/axes/pads inputs).
export function toInts(data: ArrayLike<number>): number[] {
  var r: number[] = [];
  for (var i = 0; i < data.length; i++) r.push(data[i]);
  return r;
}
