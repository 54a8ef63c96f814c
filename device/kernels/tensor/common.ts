// Shared helpers of the tensor layout/indexing family (Transpose, Slice, Gather, Pad...).
import { Attrs, fail, constInput } from '../contract';
import { ValueType, InferNode } from '../infer';
import { TypedArray } from '../../dtype';
import { normAxis } from '../shape';

export var ALL_DTYPES = ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'];

// What infer and prepare both see of a node: prepare's Tensors carry data for constant inputs.
export interface NodeLike {
  op: string;
  opset: number;
  attrs: Attrs;
  inputs: (ValueType | null)[];
}

// A parameter input (axes, pads, starts...) as plain numbers; null when omitted or empty.
export function paramInput(node: NodeLike, i: number, what: string): number[] | null {
  var v = node.inputs[i];
  if (!v) return null;
  var d: TypedArray | null = v.data ? v.data : constInput(node as InferNode, i, what);
  var r: number[] = [];
  for (var k = 0; k < d!.length; k++) r.push(d![k]);
  return r;
}

// A list of axes normalized against `rank`, rejecting duplicates.
export function normAxes(axes: number[], rank: number): number[] {
  var r: number[] = [];
  for (var i = 0; i < axes.length; i++) {
    var a = normAxis(axes[i], rank);
    if (r.indexOf(a) >= 0) fail('axis ' + axes[i] + ' is repeated in [' + axes.join(',') + ']');
    r.push(a);
  }
  return r;
}

export function product(shape: number[], from: number, to: number): number {
  var n = 1;
  for (var i = from; i < to; i++) n *= shape[i];
  return n;
}

// Offset in `strides` of every element of `shape`, in row-major order (for per-element
// addressing tables built once in prepare: GatherElements, ScatterElements).
export function offsetTable(shape: number[], strides: number[]): Int32Array {
  var n = product(shape, 0, shape.length), r = shape.length;
  var t = new Int32Array(n);
  var idx: number[] = [];
  for (var d = 0; d < r; d++) idx.push(0);
  var off = 0;
  for (var e = 0; e < n; e++) {
    t[e] = off;
    for (var k = r - 1; k >= 0; k--) {
      idx[k]++; off += strides[k];
      if (idx[k] < shape[k]) break;
      off -= strides[k] * shape[k]; idx[k] = 0;
    }
  }
  return t;
}
