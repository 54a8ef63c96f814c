import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, product } from './common';

export var meta: Meta = { op: 'OneHot', domain: '', since: 9, dtypes: ALL_DTYPES };

function plan(node: NodeLike) {
  var is = node.inputs[0]!.shape, r = is.length + 1, axis = node.attrs.axis === undefined ? -1 : node.attrs.axis;
  if (axis < 0) axis += r;
  if (axis < 0 || axis >= r) fail('axis ' + node.attrs.axis + ' is out of range for output rank ' + r);
  var dv = paramInput(node, 1, 'depth')!, depth = dv[0];
  depth = depth < 0 ? Math.ceil(depth) : Math.floor(depth);
  if (dv.length !== 1 || depth < 1) fail('depth must be one positive number, got [' + dv + ']');
  return { axis: axis, depth: depth, shape: is.slice(0, axis).concat([depth], is.slice(axis)) };
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[2]!.dtype, shape: plan(node).shape }];
};

// y[outer, d, inner] = on where indices[outer, inner] == d (negative indices count from depth),
// off elsewhere; values = [off, on] is read at run time.
export function prepare(node: Node) {
  var I = node.inputs[0]!, ind = I.data, v = node.inputs[2]!.data, y = node.outputs[0].data, p = plan(node);
  var depth = p.depth, inner = product(I.shape, p.axis, I.shape.length), n = ind.length, m = y.length;
  return function () {
    var off = v[0], on = v[1];
    for (var i = 0; i < m; i++) y[i] = off;
    for (var e = 0; e < n; e++) {
      var k = ind[e];
      k = k < 0 ? Math.ceil(k) + depth : Math.floor(k);
      if (k >= 0 && k < depth) {
        var o = (e / inner) | 0, i = e - o * inner;
        y[(o * depth + k) * inner + i] = on;
      }
    }
  };
}
