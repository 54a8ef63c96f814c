// Shared by the Reduce* kernels: which axes a node reduces, the output type, and a loop plan.
// The plan merges adjacent kept/reduced dims; when the reduced dims form one block the input is
// outer x R x inner and offsets are arithmetic, otherwise two small offset tables are built.
import { Node, fail, constInput } from '../contract';
import { Infer, InferNode } from '../infer';
import { normAxis, stridesOf } from '../shape';
import { isFloat, BOOL, UINT8, INT8, UINT16, INT16, INT32, UINT32, INT4, UINT4, INT2, UINT2 } from '../../dtype';

// Reduced-axis mask: no axes means all of them, or none with noop_with_empty_axes (each element
// then reduces alone, so e.g. ReduceL1 gives |x|, like the reference). Axes are an attribute before `inputSince` (13 for ReduceSum, 18 for the others), input 1 after.
function axesMask(opset: number, attrs: any, axes: ArrayLike<number> | null | undefined, rank: number, inputSince: number): boolean[] {
  var mask: boolean[] = [];
  var list = opset >= inputSince ? axes : attrs.axes;
  var empty = !list || list.length === 0;
  for (var d = 0; d < rank; d++) mask.push(empty && !(opset >= inputSince && attrs.noop_with_empty_axes === 1));
  if (!empty) for (var i = 0; i < list!.length; i++) mask[normAxis(list![i], rank)] = true;
  return mask;
}

export function inferMask(node: InferNode, inputSince: number): boolean[] {
  var rank = node.inputs[0]!.shape.length;
  return axesMask(node.opset, node.attrs, node.opset >= inputSince ? constInput(node, 1, 'axes') : null, rank, inputSince);
}

export function prepareMask(node: Node, inputSince: number): boolean[] {
  var a = node.inputs[1];
  return axesMask(node.opset, node.attrs, node.opset >= inputSince && a ? a.data : null, node.inputs[0]!.shape.length, inputSince);
}

export function reducedShape(shape: number[], mask: boolean[], keepdims: boolean): number[] {
  var out: number[] = [];
  for (var d = 0; d < shape.length; d++) {
    if (!mask[d]) out.push(shape[d]);
    else if (keepdims) out.push(1);
  }
  return out;
}

export function inferReduce(inputSince: number): Infer {
  return function (node) {
    var x = node.inputs[0]!;
    return [{ dtype: x.dtype, shape: reducedShape(x.shape, inferMask(node, inputSince), node.attrs.keepdims !== 0) }];
  };
}

export interface ReducePlan {
  O: number;                  // number of outputs
  R: number;                  // elements reduced into each output
  inner: number;              // block form: stride between reduced elements
  outOff: Int32Array | null;  // table form: input offset of each output's first element
  redOff: Int32Array | null;  // table form: offsets of the reduced elements from there
}

function offsets(shape: number[], strides: number[], dims: number[]): Int32Array {
  var n = 1;
  for (var i = 0; i < dims.length; i++) n *= shape[dims[i]];
  var t = new Int32Array(n);
  for (var j = 0; j < n; j++) {
    var rem = j, off = 0;
    for (var k = dims.length - 1; k >= 0; k--) {
      var s = shape[dims[k]];
      off += (rem % s) * strides[dims[k]];
      rem = (rem / s) | 0;
    }
    t[j] = off;
  }
  return t;
}

export function reducePlan(shape: number[], mask: boolean[]): ReducePlan {
  var O = 1, R = 1, inner = 1, blocks = 0, prev = false;
  var kept: number[] = [], red: number[] = [];
  for (var d = 0; d < shape.length; d++) {
    if (mask[d]) { R *= shape[d]; red.push(d); } else { O *= shape[d]; kept.push(d); }
    if (shape[d] === 1) continue;   // size-1 dims fit any block
    if (mask[d] && !prev) blocks++;
    prev = mask[d];
    if (!mask[d] && blocks > 0) inner *= shape[d];
  }
  if (blocks <= 1) return { O: O, R: R, inner: inner, outOff: null, redOff: null };
  var st = stridesOf(shape);
  return { O: O, R: R, inner: 0, outOff: offsets(shape, st, kept), redOff: offsets(shape, st, red) };
}

// Reduces each output's elements with `acc(x, first, step, table, R)`: step walks the block
// form; table (when not null) lists offsets from first instead.
export type Acc = (x: ArrayLike<number>, b: number, s: number, t: Int32Array | null, R: number) => number;

// `make` picks the accumulator for a node (Max/Min need the element type's extreme value).
export function reducePrepare(make: (node: Node) => Acc, inputSince: number) {
  return function (node: Node) {
    var acc = make(node);
    var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
    var p = reducePlan(X.shape, prepareMask(node, inputSince));
    var O = p.O, R = p.R, inner = p.inner, blk = R * inner, outOff = p.outOff, redOff = p.redOff;
    if (outOff) return function () { for (var o = 0; o < O; o++) y[o] = acc(x, outOff![o], 0, redOff, R); };
    if (inner === 1) return function () { for (var o = 0; o < O; o++) y[o] = acc(x, o * R, 1, null, R); };
    return function () {
      for (var o = 0; o < O; o++) y[o] = acc(x, ((o / inner) | 0) * blk + o % inner, inner, null, R);
    };
  };
}

// Smallest and largest values of an element type (the result of Max/Min over nothing).
// Reduced-precision floats are stored widened, so they take the float extremes.
export function lowest(dtype: number): number {
  if (isFloat(dtype)) return -Infinity;
  var r = RANGE[dtype];
  return r ? r[0] : fail('no minimum for element type ' + dtype);
}

export function highest(dtype: number): number {
  if (isFloat(dtype)) return Infinity;
  var r = RANGE[dtype];
  return r ? r[1] : fail('no maximum for element type ' + dtype);
}

var RANGE: number[][] = [];
RANGE[INT8] = [-128, 127]; RANGE[UINT8] = [0, 255]; RANGE[BOOL] = [0, 1];
RANGE[INT16] = [-32768, 32767]; RANGE[UINT16] = [0, 65535];
RANGE[INT32] = [-2147483648, 2147483647]; RANGE[UINT32] = [0, 4294967295];
RANGE[INT4] = [-8, 7]; RANGE[UINT4] = [0, 15]; RANGE[INT2] = [-2, 1]; RANGE[UINT2] = [0, 3];
