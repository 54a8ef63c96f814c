import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, paramInput } from './common';
import { INT32 } from '../../dtype';

export var meta: Meta = { op: 'NonZero', domain: '', since: 9, dtypes: ALL_DTYPES };

// The count depends on the values, so the input must be a build-time constant (the op folds).
export var infer: Infer = function (node) {
  var d = paramInput(node, 0, 'input')!, n = 0;
  for (var i = 0; i < d.length; i++) if (d[i]) n++;
  return [{ dtype: INT32, shape: [node.inputs[0]!.shape.length, n] }];
};

// Output [rank, count]: row d holds the d-th coordinate of each non-zero, in row-major order.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, shape = X.shape, r = shape.length;
  var cap = node.outputs[0].shape[1], idx: number[] = [];
  for (var d = 0; d < r; d++) idx.push(0);
  return function () {
    var c = 0;
    for (var d = 0; d < r; d++) idx[d] = 0;
    for (var e = 0; e < x.length; e++) {
      if (x[e] && c < cap) { for (var d = 0; d < r; d++) y[d * cap + c] = idx[d]; c++; }
      for (var k = r - 1; k >= 0; k--) { if (++idx[k] < shape[k]) break; idx[k] = 0; }
    }
  };
}
