// Shared by kernels that work along one axis (ArgMax/ArgMin, Softmax, Hardmax, LpNormalization...):
// the input is seen as outer x n x inner, so element k of line o is x[base(o) + k * inner].
import { normAxis } from '../shape';

export interface AxisPlan { outer: number; n: number; inner: number }

export function axisPlan(shape: number[], axis: number): AxisPlan {
  var a = normAxis(axis, shape.length), outer = 1, inner = 1;
  for (var d = 0; d < a; d++) outer *= shape[d];
  for (var d = a + 1; d < shape.length; d++) inner *= shape[d];
  return { outer: outer, n: shape[a], inner: inner };
}

// Softmax-style ops before opset 13 flatten the input to 2-D at `axis`: outer x (everything after).
export function coercePlan(shape: number[], axis: number): AxisPlan {
  var a = axis < 0 ? axis + shape.length : axis, outer = 1, n = 1;
  for (var d = 0; d < shape.length; d++) if (d < a) outer *= shape[d]; else n *= shape[d];
  return { outer: outer, n: n, inner: 1 };
}

// Softmax, LogSoftmax, Hardmax: axis defaults to 1 and coerces to 2-D before opset 13;
// from 13 on it defaults to -1 and is a single axis.
export function softmaxPlan(node: { opset: number; attrs: any }, shape: number[]): AxisPlan {
  var axis = node.attrs.axis;
  if (node.opset < 13) return coercePlan(shape, normAxisOr(axis === undefined ? 1 : axis, shape.length));
  return axisPlan(shape, axis === undefined ? -1 : axis);
}

function normAxisOr(axis: number, rank: number): number {
  return rank === 0 ? 0 : normAxis(axis, rank);
}
