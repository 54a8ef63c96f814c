import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, product } from './common';
import { normAxis } from '../shape';

export var meta: Meta = { op: 'TensorScatter', domain: '', since: 24, dtypes: ALL_DTYPES };

function check(node: NodeLike): number {
  var c = node.inputs[0]!.shape, u = node.inputs[1]!.shape, axis = normAxis(node.attrs.axis === undefined ? -2 : node.attrs.axis, c.length);
  if (axis === 0 || u.length !== c.length) fail('update [' + u + '] does not fit cache [' + c + '] on axis ' + axis);
  for (var i = 0; i < c.length; i++)
    if (i === axis ? u[i] > c[i] : u[i] !== c[i]) fail('update [' + u + '] does not fit cache [' + c + '] on axis ' + axis);
  var mode = node.attrs.mode || 'linear';
  if (mode !== 'linear' && mode !== 'circular') fail('unknown mode \'' + mode + '\'');
  return axis;
}

export var infer: Infer = function (node) {
  check(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: node.inputs[0]!.shape.slice() }];
};

// Copies the cache, then writes the update's sequence into it from write_indices[batch]
// (read at run time; 0 when omitted), wrapping around in circular mode.
export function prepare(node: Node) {
  var C = node.inputs[0]!, c = C.data, u = node.inputs[1]!.data, W = node.inputs[2], y = node.outputs[0].data;
  var axis = check(node), shape = C.shape, max = shape[axis], seq = node.inputs[1]!.shape[axis];
  var batch = shape[0], perBatch = product(shape, 1, axis), inner = product(shape, axis + 1, shape.length);
  var circular = node.attrs.mode === 'circular';
  return function () {
    if (y !== c) y.set(c);
    for (var b = 0, q = 0; b < batch; b++) {
      var w = W ? W.data[b] : 0;
      for (var m = 0; m < perBatch; m++) {
        var base = (b * perBatch + m) * max;
        for (var s = 0; s < seq; s++) {
          var t = w + s;
          if (circular) t = t % max;
          for (var i = 0, p = (base + t) * inner; i < inner; i++) y[p + i] = u[q++];
        }
      }
    }
  };
}
