import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, product } from './common';
import { normAxis } from '../shape';

export var meta: Meta = { op: 'Concat', domain: '', since: 1, dtypes: ALL_DTYPES };

function axisOf(node: { opset: number; attrs: any }, rank: number): number {
  var a = node.attrs.axis;
  if (a === undefined) { if (node.opset < 4) a = 1; else fail('attribute axis is required'); }
  return normAxis(a, rank);
}

export var infer: Infer = function (node) {
  var first: number[] | null = null, dtype = 0, axis = 0, total = 0;
  for (var i = 0; i < node.inputs.length; i++) {
    var v = node.inputs[i];
    if (!v) continue;
    if (!first) { first = v.shape; dtype = v.dtype; axis = axisOf(node, first.length); }
    if (v.dtype !== dtype) fail('inputs have different element types');
    if (v.shape.length !== first.length) fail('inputs have different ranks: [' + first + '] and [' + v.shape + ']');
    for (var d = 0; d < first.length; d++)
      if (d !== axis && v.shape[d] !== first[d]) fail('inputs [' + first + '] and [' + v.shape + '] differ outside axis ' + axis);
    total += v.shape[axis];
  }
  if (!first) return fail('Concat has no inputs');
  var shape = first.slice();
  shape[axis] = total;
  return [{ dtype: dtype, shape: shape }];
};

// Each input contributes a block of (its axis length x inner) per outer index.
export function prepare(node: Node) {
  var Y = node.outputs[0], y = Y.data, axis = axisOf(node, Y.shape.length);
  var outer = product(Y.shape, 0, axis), inner = product(Y.shape, axis + 1, Y.shape.length);
  var row = Y.shape[axis] * inner;
  var xs: any[] = [], lens: number[] = [], offs: number[] = [], off = 0;
  for (var i = 0; i < node.inputs.length; i++) {
    var v = node.inputs[i];
    if (!v || !v.data.length) continue;
    xs.push(v.data); lens.push(v.shape[axis] * inner); offs.push(off);
    off += v.shape[axis] * inner;
  }
  var m = xs.length;
  return function () {
    for (var j = 0; j < m; j++) {
      var x = xs[j], len = lens[j];
      for (var o = 0, p = 0, q = offs[j]; o < outer; o++, q += row) for (var i = 0; i < len; i++) y[q + i] = x[p++];
    }
  };
}
