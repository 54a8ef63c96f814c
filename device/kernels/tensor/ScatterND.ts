import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, product } from './common';
import { stridesOf } from '../shape';
import { reductionOf, scatterInto } from './scatterInto';

export var meta: Meta = { op: 'ScatterND', domain: '', since: 11, dtypes: ALL_DTYPES };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, is = node.inputs[1]!.shape, us = node.inputs[2]!.shape, m = is[is.length - 1];
  var want = is.slice(0, is.length - 1).concat(x.shape.slice(m));
  if (!(m <= x.shape.length) || want.join() !== us.join())
    fail('updates [' + us + '] do not match indices [' + is + '] into data [' + x.shape + '] (expected [' + want + '])');
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};

// Copies data, then each index tuple (m values) addresses a slice that takes the next
// prod(data.shape[m:]) updates.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, I = node.inputs[1]!, ind = I.data, u = node.inputs[2]!.data, y = node.outputs[0].data;
  var ds = X.shape, s = stridesOf(ds), m = I.shape[I.shape.length - 1];
  var count = product(I.shape, 0, I.shape.length - 1), slice = product(ds, m, ds.length), red = reductionOf(node.attrs);
  return function () {
    if (y !== x) y.set(x);
    for (var j = 0, t = 0; j < count; j++) {
      var p = 0;
      for (var k = 0; k < m; k++, t++) { var v = ind[t]; p += (v < 0 ? v + ds[k] : v) * s[k]; }
      scatterInto(y, p, u, j * slice, slice, red);
    }
  };
}
