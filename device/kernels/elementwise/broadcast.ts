// Element-wise binary ops with multidirectional broadcasting. prepare reduces any broadcast to
// rows (rowsOf): over each row of `len` outputs, each operand is either contiguous or one value
// repeated. Same shapes are one row, a scalar operand one row with a repeated value, a
// per-channel operand ([1,C,1,1] against [N,C,H,W]) C rows. Hot ops (Add, Sub, Mul, Div) write
// their own three loops over rows (rowsOp): a loop calling a shared per-element function turns
// megamorphic once several ops use it (19x slower than a plain loop in V8, and one call per
// element in the interpreters). Other ops supply a scalar function to binary()/apply2.
import { Eval, Node, Prepare, fail } from '../contract';
import { Infer, ValueType } from '../infer';
import { broadcastShapes, broadcastStrides } from '../shape';
import { sizeOf, TypedArray } from '../../dtype';

export type Binary = (a: number, b: number) => number;

// aStep/bStep: 1 when the operand runs along the row, 0 when one value fills it; aOff/bOff:
// where each row starts in a and b.
export interface Rows { rows: number; len: number; aOff: Int32Array; bOff: Int32Array; aStep: number; bStep: number }
// An op's loops over one row of n outputs from o: both operands contiguous (from p and q), b
// repeated (s), a repeated (s). One function per case and op keeps every loop monomorphic;
// rows are loops of their own because V8 optimizes a row loop in a function of its own about
// 2.5x better than the same loop nested in the rows loop.
export type RowBoth = (y: TypedArray, o: number, a: TypedArray, p: number, b: TypedArray, q: number, n: number) => void;
export type RowRepB = (y: TypedArray, o: number, a: TypedArray, p: number, s: number, n: number) => void;
export type RowRepA = (y: TypedArray, o: number, s: number, b: TypedArray, q: number, n: number) => void;
export interface RowLoops { both: RowBoth; repB: RowRepB; repA: RowRepA }

export function rowsOf(as: number[], bs: number[], shape: number[]): Rows {
  var sa = broadcastStrides(as, shape), sb = broadcastStrides(bs, shape), dims: number[] = [], ta: number[] = [], tb: number[] = [];
  for (var d = 0; d < shape.length; d++) if (shape[d] !== 1) { dims.push(shape[d]); ta.push(sa[d]); tb.push(sb[d]); }
  var k = dims.length, len = 1, start = k;
  if (k) {
    // The longest trailing run of axes where each operand is contiguous (or repeated) throughout.
    var ka = ta[k - 1] !== 0, kb = tb[k - 1] !== 0;
    start = k - 1; len = dims[k - 1];
    while (start > 0) {
      var p = start - 1;
      if ((ta[p] !== 0) !== ka || (tb[p] !== 0) !== kb) break;
      if (ka && ta[p] !== ta[start] * dims[start]) break;
      if (kb && tb[p] !== tb[start] * dims[start]) break;
      len *= dims[p]; start = p;
    }
  }
  var n = sizeOf(shape), rows = len ? n / len : 0, aOff = new Int32Array(rows), bOff = new Int32Array(rows);
  for (var r = 0; r < rows; r++) {
    var rest = r, oa = 0, ob = 0;
    for (var j = start - 1; j >= 0; j--) { var c = rest % dims[j]; rest = (rest - c) / dims[j]; oa += c * ta[j]; ob += c * tb[j]; }
    aOff[r] = oa; bOff[r] = ob;
  }
  // A row of one element: either reading is right; the contiguous loop is the one every op has.
  var aStep = len === 1 || (k > 0 && ta[k - 1] !== 0) ? 1 : 0, bStep = len === 1 || (k > 0 && tb[k - 1] !== 0) ? 1 : 0;
  return { rows: rows, len: len, aOff: aOff, bOff: bOff, aStep: aStep, bStep: bStep };
}

export function rowsOp(loops: RowLoops): Prepare {
  return function (node: Node) {
    var A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0];
    return rowsEval(loops, A.data, B.data, Y.data, rowsOf(A.shape, B.shape, Y.shape));
  };
}

export function rowsEval(loops: RowLoops, a: TypedArray, b: TypedArray, y: TypedArray, R: Rows): Eval {
  var rows = R.rows, len = R.len, ao = R.aOff, bo = R.bOff, both = loops.both, repB = loops.repB, repA = loops.repA;
  if (R.aStep && R.bStep) return function () { for (var r = 0; r < rows; r++) both(y, r * len, a, ao[r], b, bo[r], len); };
  if (R.aStep) return function () { for (var r = 0; r < rows; r++) repB(y, r * len, a, ao[r], b[bo[r]], len); };
  return function () { for (var r = 0; r < rows; r++) repA(y, r * len, a[ao[r]], b, bo[r], len); };
}

export function binary(f: Binary): Prepare {
  return function (node: Node) {
    var A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0];
    return apply2(f, A.data, A.shape, B.data, B.shape, Y.data, Y.shape);
  };
}

// y = f(a, b) with a and b broadcast to y's shape.
export function apply2(f: Binary, a: TypedArray, as: number[], b: TypedArray, bs: number[], y: TypedArray, shape: number[]): Eval {
  return rowsEval({
    both: function (y, o, a, p, b, q, n) { for (var i = 0; i < n; i++) y[o + i] = f(a[p + i], b[q + i]); },
    repB: function (y, o, a, p, s, n) { for (var i = 0; i < n; i++) y[o + i] = f(a[p + i], s); },
    repA: function (y, o, s, b, q, n) { for (var i = 0; i < n; i++) y[o + i] = f(s, b[q + i]); },
  }, a, b, y, rowsOf(as, bs, shape));
}

// Output type of a broadcasting op: the inputs' dtype, or `outDtype` (bool for comparisons).
export function inferBroadcast(outDtype?: number): Infer {
  return function (node) {
    var shapes: number[][] = [];
    var dtype = -1;
    for (var i = 0; i < node.inputs.length; i++) {
      var v = node.inputs[i];
      if (!v) continue;
      if (dtype >= 0 && v.dtype !== dtype) fail('inputs have different element types');
      if (dtype < 0) dtype = v.dtype;
      shapes.push(v.shape);
    }
    if (!shapes.length) fail('needs at least one input');
    var t: ValueType = { dtype: outDtype === undefined ? dtype : outDtype, shape: broadcastShapes(shapes) };
    return [t];
  };
}

export { sizeOf };
