import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, product } from './common';
import { normAxis } from '../shape';

export var meta: Meta = { op: 'Compress', domain: '', since: 9, dtypes: ALL_DTYPES };

// The output length depends on the condition, which must be a build-time constant; the data
// may vary. Without axis the input is flattened.
function plan(node: NodeLike) {
  var shape = node.inputs[0]!.shape, c = paramInput(node, 1, 'condition')!;
  var flat = node.attrs.axis === undefined, axis = flat ? 0 : normAxis(node.attrs.axis, shape.length);
  var dims = flat ? [product(shape, 0, shape.length)] : shape, keep: number[] = [];
  for (var i = 0; i < c.length && i < dims[axis]; i++) if (c[i]) keep.push(i);
  var out = dims.slice();
  out[axis] = keep.length;
  return { dims: dims, axis: axis, keep: keep, out: out };
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: plan(node).out }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data, p = plan(node), keep = p.keep, m = keep.length;
  var outer = product(p.dims, 0, p.axis), inner = product(p.dims, p.axis + 1, p.dims.length), blk = p.dims[p.axis] * inner;
  return function () {
    for (var o = 0, q = 0; o < outer; o++)
      for (var j = 0; j < m; j++) {
        var s = o * blk + keep[j] * inner;
        for (var i = 0; i < inner; i++) y[q++] = x[s + i];
      }
  };
}
