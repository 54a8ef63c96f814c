import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, product } from './common';
import { normAxis } from '../shape';
import { INT32 } from '../../dtype';

export var meta: Meta = { op: 'TopK', domain: '', since: 1, dtypes: ALL_DTYPES };

// K: attribute before opset 10, then input 1 (a build-time constant: it sizes the outputs).
function plan(node: NodeLike) {
  var shape = node.inputs[0]!.shape, axis = normAxis(node.attrs.axis === undefined ? -1 : node.attrs.axis, shape.length);
  var k = node.opset < 10 ? node.attrs.k : paramInput(node, 1, 'K')![0];
  if (!(k >= 0 && k <= shape[axis])) fail('K = ' + k + ' is out of range for axis ' + axis + ' of size ' + shape[axis]);
  var out = shape.slice();
  out[axis] = k;
  return { axis: axis, k: k, out: out };
}

export var infer: Infer = function (node) {
  var p = plan(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: p.out }, { dtype: INT32, shape: p.out.slice() }];
};

// For each line along the axis, insertion into a sorted list of the best K (ties keep the
// lower index first, since later elements only displace strictly worse ones).
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, p = plan(node), yv = node.outputs[0].data, yi = node.outputs[1].data;
  var k = p.k, dim = X.shape[p.axis], outer = product(X.shape, 0, p.axis), inner = product(X.shape, p.axis + 1, X.shape.length);
  var largest = node.attrs.largest === undefined || node.attrs.largest !== 0;
  var bv = new Float64Array(k), bi = new Int32Array(k);
  return function () {
    for (var o = 0; o < outer; o++)
      for (var i = 0; i < inner; i++) {
        var base = o * dim * inner + i, n = 0;
        for (var j = 0; j < dim; j++) {
          var v = x[base + j * inner], pos = n;
          while (pos > 0 && (largest ? v > bv[pos - 1] : v < bv[pos - 1])) pos--;
          if (pos >= k) continue;
          for (var t = n < k ? n : k - 1; t > pos; t--) { bv[t] = bv[t - 1]; bi[t] = bi[t - 1]; }
          bv[pos] = v; bi[pos] = j;
          if (n < k) n++;
        }
        var q = o * k * inner + i;
        for (var t = 0; t < k; t++, q += inner) { yv[q] = bv[t]; yi[q] = bi[t]; }
      }
  };
}
