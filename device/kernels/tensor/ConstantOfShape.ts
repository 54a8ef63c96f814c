import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput } from './common';
import { FLOAT } from '../../dtype';

export var meta: Meta = { op: 'ConstantOfShape', domain: '', since: 9, dtypes: ALL_DTYPES };

function shapeOf(node: NodeLike): number[] {
  var s = paramInput(node, 0, 'shape') || [];
  for (var i = 0; i < s.length; i++) if (s[i] < 0) fail('shape [' + s + '] has a negative dimension');
  return s;
}

export var infer: Infer = function (node) {
  var v = node.attrs.value;
  return [{ dtype: v ? v.dtype : FLOAT, shape: shapeOf(node) }];
};

// Usually folded; kept at run time when the result would bloat the model.
export function prepare(node: Node) {
  var y = node.outputs[0].data, v = node.attrs.value, c = v && v.data.length ? v.data[0] : 0;
  return function () { for (var i = 0; i < y.length; i++) y[i] = c; };
}
