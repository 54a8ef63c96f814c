// TreeEnsemble (ai.onnx.ml 5): Y[n, t] = aggregate over trees of the weights of the leaves row n
// reaches that vote for target t, then post_transform. Trees are compiled once in prepare to
// flat arrays (util/ml-tree); eval walks each tree per row.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { forestV5, aggregate, aggCode, rowsOf } from './tree';
import { postCode, postTransform } from './post';
import { FLOAT, DOUBLE, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'TreeEnsemble', domain: 'ai.onnx.ml', since: 5, dtypes: ['float32', 'float64'] };

function setup(shape: number[], attrs: any) {
  var d = rowsOf(shape), f = forestV5(attrs), T = attrs.n_targets | 0;
  if (T < 1) fail('n_targets must be at least 1');
  if (f.maxFeature >= d.F) fail('a node tests feature ' + f.maxFeature + ' but X has ' + d.F + ' features');
  if (f.maxTarget >= T) fail('a leaf votes for target ' + f.maxTarget + ' but n_targets is ' + T);
  return { N: d.N, F: d.F, T: T, f: f, agg: aggCode(attrs.aggregate_function), post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.dtype !== FLOAT && x.dtype !== DOUBLE) fail('X must be float32 or float64, got ' + DTYPE_NAME[x.dtype]);
  var s = setup(x.shape, node.attrs);
  return [{ dtype: x.dtype, shape: [s.N, s.T] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var s = setup(node.inputs[0]!.shape, node.attrs), N = s.N, F = s.F, T = s.T, f = s.f, agg = s.agg, post = s.post;
  var acc = new Float64Array(T), hit = new Uint8Array(T);
  return function () {
    for (var n = 0; n < N; n++) {
      aggregate(f, agg, x, n * F, acc, hit);
      postTransform(post, acc, 0, T);
      for (var t = 0; t < T; t++) y[n * T + t] = acc[t];
    }
  };
}
