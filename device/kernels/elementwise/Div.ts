import { Node } from '../contract';
import { Meta } from '../infer';
import { binaryOp, binaryRowsOp, inferBinary } from './binaryOps';
import { isFloat, TypedArray } from '../../dtype';

export var meta: Meta = { op: 'Div', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBinary();
// Floats: its own loops (see broadcast.ts). A repeated divisor is not turned into a multiply by
// its reciprocal: that rounds differently.
var divFloat = binaryRowsOp({
  both: function (y: TypedArray, o: number, a: TypedArray, p: number, b: TypedArray, q: number, n: number) {
    for (var i = 0; i < n; i++) y[o + i] = a[p + i] / b[q + i];
  },
  repB: function (y: TypedArray, o: number, a: TypedArray, p: number, s: number, n: number) {
    for (var i = 0; i < n; i++) y[o + i] = a[p + i] / s;
  },
  repA: function (y: TypedArray, o: number, s: number, b: TypedArray, q: number, n: number) {
    for (var i = 0; i < n; i++) y[o + i] = s / b[q + i];
  },
});
// Integer division truncates toward zero (storing into an integer array does exactly that);
// division by zero gives 0 rather than a crash, as a device cannot trap.
var divInt = binaryOp(function (a, b) { return b === 0 ? 0 : a / b; });
export function prepare(node: Node) {
  return isFloat(node.outputs[0].dtype) ? divFloat(node) : divInt(node);
}
