import { Meta } from '../infer';
import { inferBinary, binaryRowsOp } from './binaryOps';
import { TypedArray } from '../../dtype';

export var meta: Meta = { op: 'Add', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBinary();
// Its own loops (see broadcast.ts): operands contiguous, b repeated, a repeated.
export var prepare = binaryRowsOp({
  both: function (y: TypedArray, o: number, a: TypedArray, p: number, b: TypedArray, q: number, n: number) {
    for (var i = 0; i < n; i++) y[o + i] = a[p + i] + b[q + i];
  },
  repB: function (y: TypedArray, o: number, a: TypedArray, p: number, s: number, n: number) {
    for (var i = 0; i < n; i++) y[o + i] = a[p + i] + s;
  },
  repA: function (y: TypedArray, o: number, s: number, b: TypedArray, q: number, n: number) {
    for (var i = 0; i < n; i++) y[o + i] = s + b[q + i];
  },
});
