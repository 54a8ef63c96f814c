import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, paramInput } from './common';
import { uniqueOf, gatherSlices } from './uniqueOf';
import { INT32 } from '../../dtype';

export var meta: Meta = { op: 'Unique', domain: '', since: 11, dtypes: ALL_DTYPES };

// Output sizes depend on the values, so the input must be a build-time constant (the op folds).
export var infer: Infer = function (node) {
  var x = node.inputs[0]!, d = paramInput(node, 0, 'input')!;
  var u = uniqueOf(d, x.shape, node.attrs.axis, node.attrs.sorted === undefined || node.attrs.sorted !== 0);
  var A = node.attrs.axis === undefined ? d.length : x.shape[u.axis];
  return [{ dtype: x.dtype, shape: u.shape }, { dtype: INT32, shape: [u.first.length] },
    { dtype: INT32, shape: [A] }, { dtype: INT32, shape: [u.first.length] }];
};

// Computed once from the constant input; eval only copies the results out.
export function prepare(node: Node) {
  var X = node.inputs[0]!, outs = node.outputs;
  var u = uniqueOf(X.data, X.shape, node.attrs.axis, node.attrs.sorted === undefined || node.attrs.sorted !== 0);
  var dims = node.attrs.axis === undefined ? [X.data.length] : X.shape, lists = [u.first, u.inverse, u.counts];
  return function () {
    gatherSlices(X.data, outs[0].data, dims, u.axis, u.first);
    for (var k = 1; k < outs.length && k < 4; k++) for (var i = 0; i < lists[k - 1].length; i++) outs[k].data[i] = lists[k - 1][i];
  };
}
