import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput } from './common';
import { stridesOf } from '../shape';
import { stridedCopy } from './strided';

export var meta: Meta = { op: 'Tile', domain: '', since: 6, dtypes: ALL_DTYPES };

function repeatsOf(node: NodeLike): number[] {
  var r = paramInput(node, 1, 'repeats')!, rank = node.inputs[0]!.shape.length;
  if (r.length !== rank) fail('repeats has ' + r.length + ' values, the input has rank ' + rank);
  for (var i = 0; i < r.length; i++) if (r[i] < 0) fail('repeats must not be negative, got [' + r + ']');
  return r;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, r = repeatsOf(node), shape: number[] = [];
  for (var i = 0; i < r.length; i++) shape.push(x.shape[i] * r[i]);
  return [{ dtype: x.dtype, shape: shape }];
};

// Output axis d of size r*n is the pair (repeat, index): stride 0 then the input's stride.
export function prepare(node: Node) {
  var x = node.inputs[0]!, r = repeatsOf(node), s = stridesOf(x.shape), sh: number[] = [], st: number[] = [];
  for (var i = 0; i < r.length; i++) { sh.push(r[i], x.shape[i]); st.push(0, s[i]); }
  return stridedCopy(x.data, node.outputs[0].data, sh, st, 0);
}
