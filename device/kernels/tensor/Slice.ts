import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, normAxes } from './common';
import { stridesOf } from '../shape';
import { stridedCopy } from './strided';

export var meta: Meta = { op: 'Slice', domain: '', since: 1, dtypes: ALL_DTYPES };

// Per input axis: first index, step and count (ONNX clamping; saturated int64 ends included).
function plan(node: NodeLike) {
  var shape = node.inputs[0]!.shape, rank = shape.length;
  var starts: number[], ends: number[], axes: number[] | null, steps: number[] | null;
  if (node.opset < 10) {
    starts = node.attrs.starts; ends = node.attrs.ends; axes = node.attrs.axes || null; steps = null;
  } else {
    starts = paramInput(node, 1, 'starts')!; ends = paramInput(node, 2, 'ends')!;
    axes = paramInput(node, 3, 'axes'); steps = paramInput(node, 4, 'steps');
  }
  if (!starts || !ends || starts.length !== ends.length) fail('starts and ends must have the same length');
  if (!axes) { axes = []; for (var i = 0; i < starts.length; i++) axes.push(i); }
  if (axes.length !== starts.length || (steps && steps.length !== starts.length)) fail('starts, ends, axes and steps must have the same length');
  axes = normAxes(axes, rank);
  var first: number[] = [], step: number[] = [], count: number[] = [];
  for (var d = 0; d < rank; d++) { first.push(0); step.push(1); count.push(shape[d]); }
  for (var i = 0; i < axes.length; i++) {
    var a = axes[i], dim = shape[a], st = steps ? steps[i] : 1, s = starts[i], e = ends[i];
    if (st === 0) fail('step on axis ' + a + ' is 0');
    if (s < 0) s += dim;
    if (e < 0) e += dim;
    if (st > 0) {
      s = s < 0 ? 0 : s > dim ? dim : s;
      e = e < 0 ? 0 : e > dim ? dim : e;
    } else {
      s = s < 0 ? 0 : s > dim - 1 ? dim - 1 : s;
      e = e < -1 ? -1 : e > dim - 1 ? dim - 1 : e;
    }
    var n = Math.ceil((e - s) / st);
    first[a] = s; step[a] = st; count[a] = n > 0 ? n : 0;
  }
  return { first: first, step: step, count: count };
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: plan(node).count }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!, p = plan(node), s = stridesOf(x.shape), st: number[] = [], base = 0;
  for (var d = 0; d < s.length; d++) { st.push(s[d] * p.step[d]); base += s[d] * p.first[d]; }
  return stridedCopy(x.data, node.outputs[0].data, p.count, st, base);
}
