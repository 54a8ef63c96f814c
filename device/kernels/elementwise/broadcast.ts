// Element-wise binary ops with multidirectional broadcasting. The op supplies only its scalar
// function; prepare picks a loop shape once (same shapes, scalar operand, or general strides).
import { Eval, Node, Prepare, fail } from '../contract';
import { Infer, ValueType } from '../infer';
import { broadcastShapes, broadcastStrides, sameShape } from '../shape';
import { sizeOf, TypedArray } from '../../dtype';

export type Binary = (a: number, b: number) => number;

export function binary(f: Binary): Prepare {
  return function (node: Node) {
    var A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0];
    return apply2(f, A.data, A.shape, B.data, B.shape, Y.data, Y.shape);
  };
}

// y = f(a, b) with a and b broadcast to y's shape.
export function apply2(f: Binary, a: TypedArray, as: number[], b: TypedArray, bs: number[], y: TypedArray, shape: number[]): Eval {
  var n = y.length;
  if (sameShape(as, shape) && sameShape(bs, shape)) return function () { for (var i = 0; i < n; i++) y[i] = f(a[i], b[i]); };
  if (sameShape(as, shape) && b.length === 1) return function () { var s = b[0]; for (var i = 0; i < n; i++) y[i] = f(a[i], s); };
  if (sameShape(bs, shape) && a.length === 1) return function () { var s = a[0]; for (var i = 0; i < n; i++) y[i] = f(s, b[i]); };
  var rank = shape.length, sa = broadcastStrides(as, shape), sb = broadcastStrides(bs, shape);
  // Innermost axis runs as a tight loop; the outer axes advance an odometer.
  var inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
  var idx: number[] = [];
  for (var d = 0; d < rank; d++) idx.push(0);
  return function () {
    var oa = 0, ob = 0, o = 0;
    for (var d = 0; d < rank; d++) idx[d] = 0;
    while (o < n) {
      for (var i = 0; i < inner; i++) y[o++] = f(a[oa + i * ia], b[ob + i * ib]);
      var k = rank - 2;
      for (; k >= 0; k--) {
        idx[k]++;
        oa += sa[k]; ob += sb[k];
        if (idx[k] < shape[k]) break;
        oa -= sa[k] * shape[k]; ob -= sb[k] * shape[k];
        idx[k] = 0;
      }
      if (k < 0) break;
    }
  };
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
