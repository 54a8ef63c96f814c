// Broadcasting shared by the element-wise family: binary ops with the pre-opset-7 `broadcast`/
// `axis` attributes, variadic ops (Max, Min, Sum, Mean) folded pairwise into the output.
import { Eval, Node, Prepare, fail } from '../contract';
import { Infer } from '../infer';
import { Binary, RowLoops, binary, rowsOp, apply2, inferBroadcast } from './broadcast';
export { apply2 };
import { broadcastShapes } from '../shape';
import { TypedArray } from '../../dtype';

interface Shaped { shape: number[] }
interface NodeLike { opset: number; attrs: { [k: string]: any }; inputs: (Shaped | null)[] }

// Before opset 7, B broadcast to A only with broadcast=1, its dims placed from `axis` on.
export function legacyShape(node: NodeLike): number[] {
  var A = node.inputs[0]!.shape, B = node.inputs[1]!.shape;
  if (node.opset >= 7 || node.attrs.broadcast !== 1 || node.attrs.axis === undefined) return B;
  var axis = node.attrs.axis < 0 ? node.attrs.axis + A.length : node.attrs.axis;
  if (axis < 0 || axis + B.length > A.length) fail('axis ' + node.attrs.axis + ' does not fit B [' + B + '] into A [' + A + ']');
  var s = B.slice(0);
  while (axis + s.length < A.length) s.push(1);
  return s;
}

// Output type of a two-input op: broadcast shape; dtype `out`, else A's (Pow: `mixed` lets B differ).
export function inferBinary(out?: number, mixed?: boolean): Infer {
  return function (node) {
    var A = node.inputs[0]!, B = node.inputs[1]!;
    if (!mixed && A.dtype !== B.dtype) fail('inputs have different element types (' + A.dtype + ' and ' + B.dtype + ')');
    return [{ dtype: out === undefined ? A.dtype : out, shape: broadcastShapes([A.shape, legacyShape(node)]) }];
  };
}

// binary() from broadcast.ts, with B reshaped for the legacy `axis` form.
export function binaryOp(f: Binary): Prepare {
  return legacyAxis(binary(f));
}

// rowsOp() from broadcast.ts (the op's own loops), with B reshaped for the legacy `axis` form.
export function binaryRowsOp(loops: RowLoops): Prepare {
  return legacyAxis(rowsOp(loops));
}

function legacyAxis(p: Prepare): Prepare {
  return function (node: Node) {
    var s = legacyShape(node);
    if (s === node.inputs[1]!.shape) return p(node);
    var B = node.inputs[1]!;
    return p({ op: node.op, name: node.name, opset: node.opset, attrs: node.attrs, graphs: node.graphs, outputs: node.outputs,
      inputs: [node.inputs[0], { dtype: B.dtype, shape: s, data: B.data, quant: B.quant }] });
  };
}

// Max, Min, Sum, Mean: every input broadcast to one output, all of one element type.
export var inferNary: Infer = inferBroadcast();

// Variadic op: y = f(x0, x1), then y = f(y, xk) for each further input. An output sharing
// memory with an input past the second would be overwritten before it is read.
export function nary(f: Binary, finish?: (y: TypedArray, count: number) => void): Prepare {
  return function (node: Node) {
    var xs: { shape: number[]; data: TypedArray }[] = [];
    for (var i = 0; i < node.inputs.length; i++) if (node.inputs[i]) xs.push(node.inputs[i]!);
    var Y = node.outputs[0], y = Y.data, count = xs.length;
    var steps: Eval[] = [];
    if (count === 1) {
      var x = xs[0].data;
      steps.push(function () { if (x !== y) y.set(x); });
    } else {
      steps.push(apply2(f, xs[0].data, xs[0].shape, xs[1].data, xs[1].shape, y, Y.shape));
      for (var k = 2; k < count; k++) steps.push(apply2(f, y, Y.shape, xs[k].data, xs[k].shape, y, Y.shape));
    }
    var ns = steps.length;
    return function () {
      for (var s = 0; s < ns; s++) steps[s]();
      if (finish) finish(y, count);
    };
  };
}
