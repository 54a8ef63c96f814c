import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, product } from './common';
import { inferSame } from '../elementwise/unary';
import { stridesOf } from '../shape';

export var meta: Meta = { op: 'ReverseSequence', domain: '', since: 10, dtypes: ALL_DTYPES };

export var infer: Infer = function (node) {
  var s = node.inputs[0]!.shape, b = node.attrs.batch_axis === undefined ? 1 : node.attrs.batch_axis;
  var t = node.attrs.time_axis || 0;
  if (s.length < 2 || b === t || b > 1 || t > 1 || b < 0 || t < 0) fail('batch_axis and time_axis must be 0 and 1 (either way) of an input of rank >= 2');
  return inferSame(node);
};

// Batch b reverses its first sequence_lens[b] time steps (read at run time); the rest is copied.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, lens = node.inputs[1]!.data, s = stridesOf(X.shape);
  var ba = node.attrs.batch_axis === undefined ? 1 : node.attrs.batch_axis, ta = node.attrs.time_axis || 0;
  var B = X.shape[ba], T = X.shape[ta], sb = s[ba], st = s[ta], inner = product(X.shape, 2, X.shape.length);
  return function () {
    for (var b = 0; b < B; b++) {
      var len = lens[b];
      for (var t = 0; t < T; t++) {
        var q = b * sb + t * st, p = b * sb + (t < len ? len - 1 - t : t) * st;
        for (var i = 0; i < inner; i++) y[q + i] = x[p + i];
      }
    }
  };
}
