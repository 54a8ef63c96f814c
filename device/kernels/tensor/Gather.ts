import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, product } from './common';
import { normAxis } from '../shape';

export var meta: Meta = { op: 'Gather', domain: '', since: 1, dtypes: ALL_DTYPES };

// Output: data.shape[:axis] + indices.shape + data.shape[axis+1:].
export var infer: Infer = function (node) {
  var x = node.inputs[0]!, ind = node.inputs[1]!, axis = normAxis(node.attrs.axis || 0, x.shape.length);
  var shape = x.shape.slice(0, axis).concat(ind.shape, x.shape.slice(axis + 1));
  return [{ dtype: x.dtype, shape: shape }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, ind = node.inputs[1]!.data, y = node.outputs[0].data;
  var axis = normAxis(node.attrs.axis || 0, X.shape.length), dim = X.shape[axis];
  var outer = product(X.shape, 0, axis), inner = product(X.shape, axis + 1, X.shape.length);
  var m = ind.length, blk = dim * inner;
  if (inner === 1) return function () {
    for (var o = 0, q = 0, b = 0; o < outer; o++, b += blk)
      for (var j = 0; j < m; j++) { var k = ind[j]; y[q++] = x[b + (k < 0 ? k + dim : k)]; }
  };
  return function () {
    for (var o = 0, q = 0, b = 0; o < outer; o++, b += blk)
      for (var j = 0; j < m; j++) {
        var k = ind[j], p = b + (k < 0 ? k + dim : k) * inner;
        for (var i = 0; i < inner; i++) y[q++] = x[p + i];
      }
  };
}
