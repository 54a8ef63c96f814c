import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, product } from './common';
import { stridesOf } from '../shape';

export var meta: Meta = { op: 'GatherND', domain: '', since: 11, dtypes: ALL_DTYPES };

function dims(node: NodeLike) {
  var ds = node.inputs[0]!.shape, is = node.inputs[1]!.shape, b = node.attrs.batch_dims || 0;
  var m = is[is.length - 1], r = ds.length;
  if (is.length < 1 || m === undefined || b + m > r) fail('indices [' + is + '] with batch_dims ' + b + ' do not fit data [' + ds + ']');
  for (var i = 0; i < b; i++) if (ds[i] !== is[i]) fail('batch dims of data [' + ds + '] and indices [' + is + '] differ');
  return { b: b, m: m, shape: is.slice(0, is.length - 1).concat(ds.slice(b + m)) };
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: dims(node).shape }];
};

// Each index tuple (m values) picks a slice of prod(data.shape[b+m:]) elements within its batch.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, I = node.inputs[1]!, ind = I.data, y = node.outputs[0].data, d = dims(node);
  var b = d.b, m = d.m, s = stridesOf(X.shape), ds = X.shape;
  var batches = product(ds, 0, b), perBatch = product(I.shape, b, I.shape.length - 1);
  var slice = product(ds, b + m, ds.length), bstride = b ? s[b - 1] : 0;
  return function () {
    for (var bi = 0, t = 0, q = 0; bi < batches; bi++)
      for (var j = 0; j < perBatch; j++) {
        var p = bi * bstride;
        for (var k = 0; k < m; k++, t++) { var v = ind[t]; p += (v < 0 ? v + ds[b + k] : v) * s[b + k]; }
        for (var i = 0; i < slice; i++) y[q++] = x[p + i];
      }
  };
}
