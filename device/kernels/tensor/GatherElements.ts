import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, offsetTable } from './common';
import { normAxis, stridesOf } from '../shape';

export var meta: Meta = { op: 'GatherElements', domain: '', since: 11, dtypes: ALL_DTYPES };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, ind = node.inputs[1]!;
  if (ind.shape.length !== x.shape.length) fail('indices have rank ' + ind.shape.length + ', data has rank ' + x.shape.length);
  return [{ dtype: x.dtype, shape: ind.shape.slice() }];
};

// y[i] = x[i with axis coordinate replaced by indices[i]]: the rest of each element's offset
// into x is tabulated once.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, I = node.inputs[1]!, ind = I.data, y = node.outputs[0].data;
  var axis = normAxis(node.attrs.axis || 0, X.shape.length), dim = X.shape[axis], s = stridesOf(X.shape);
  var sa = s[axis], n = ind.length;
  s[axis] = 0;
  var base = offsetTable(I.shape, s);
  return function () {
    for (var e = 0; e < n; e++) { var k = ind[e]; y[e] = x[base[e] + (k < 0 ? k + dim : k) * sa]; }
  };
}
