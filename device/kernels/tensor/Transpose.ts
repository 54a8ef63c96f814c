import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike } from './common';
import { stridesOf } from '../shape';
import { stridedCopy } from './strided';

export var meta: Meta = { op: 'Transpose', domain: '', since: 1, dtypes: ALL_DTYPES };

function permOf(node: NodeLike): number[] {
  var rank = node.inputs[0]!.shape.length, p: number[] = node.attrs.perm, r: number[] = [];
  if (!p || !p.length) { for (var i = rank - 1; i >= 0; i--) r.push(i); return rank === 0 ? [] : r; }
  if (p.length !== rank) fail('perm [' + p + '] does not match rank ' + rank);
  for (var i = 0; i < rank; i++) {
    var a = p[i] < 0 ? p[i] + rank : p[i];
    if (a < 0 || a >= rank || r.indexOf(a) >= 0) fail('perm [' + p + '] is not a permutation of 0..' + (rank - 1));
    r.push(a);
  }
  return r;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, p = permOf(node), shape: number[] = [];
  for (var i = 0; i < p.length; i++) shape.push(x.shape[p[i]]);
  return [{ dtype: x.dtype, shape: shape }];
};

// Output axis d walks input axis perm[d]; 2-D and merged cases become one or two plain loops.
export function prepare(node: Node) {
  var x = node.inputs[0]!, p = permOf(node), s = stridesOf(x.shape), st: number[] = [];
  for (var i = 0; i < p.length; i++) st.push(s[p[i]]);
  return stridedCopy(x.data, node.outputs[0].data, node.outputs[0].shape, st, 0);
}
