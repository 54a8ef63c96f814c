import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES } from './common';
import { inferSame } from '../elementwise/unary';

export var meta: Meta = { op: 'Trilu', domain: '', since: 14, dtypes: ALL_DTYPES };

export var infer: Infer = function (node) {
  if (node.inputs[0]!.shape.length < 2) fail('input must have rank 2 or more, got [' + node.inputs[0]!.shape + ']');
  return inferSame(node);
};

// Keeps element (i, j) of each trailing matrix when j - i >= k (upper) or j - i <= k (lower);
// k (input 1) is read at run time since it does not affect shapes.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, K = node.inputs[1], r = X.shape.length;
  var rows = X.shape[r - 2], cols = X.shape[r - 1], mats = rows * cols ? x.length / (rows * cols) : 0;
  var upper = node.attrs.upper === undefined ? true : node.attrs.upper !== 0;
  return function () {
    var k = K && K.data.length ? K.data[0] : 0;
    for (var m = 0, o = 0; m < mats; m++)
      for (var i = 0; i < rows; i++)
        for (var j = 0; j < cols; j++, o++) y[o] = (upper ? j - i >= k : j - i <= k) ? x[o] : 0;
  };
}
