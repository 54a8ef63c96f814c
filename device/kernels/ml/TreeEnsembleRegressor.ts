// TreeEnsembleRegressor (ai.onnx.ml 1-4): Y[n, t] = aggregate of the votes of the leaves row n
// reaches, plus base_values[t], then post_transform. Nodes and votes are named by (tree id,
// node id); prepare compiles them to flat arrays (util/ml-tree).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { forestLegacy, aggregate, aggCode, rowsOf } from './tree';
import { postCode, postTransform } from './post';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function setup(shape: number[], attrs: any) {
  var d = rowsOf(shape), f = forestLegacy(attrs, 'target'), T = attrs.n_targets === undefined ? 1 : attrs.n_targets;
  var base: ArrayLike<number> = attrs.base_values_as_tensor ? attrs.base_values_as_tensor.data : attrs.base_values || [];
  if (T < 1) fail('n_targets must be at least 1');
  if (base.length && base.length !== T) fail('base_values has ' + base.length + ' entries, n_targets is ' + T);
  if (f.maxFeature >= d.F) fail('a node tests feature ' + f.maxFeature + ' but X has ' + d.F + ' features');
  if (f.maxTarget >= T) fail('a leaf votes for target ' + f.maxTarget + ' but n_targets is ' + T);
  return { N: d.N, F: d.F, T: T, f: f, base: base, agg: aggCode(attrs.aggregate_function), post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  var s = setup(x.shape, node.attrs);
  return [{ dtype: FLOAT, shape: [s.N, s.T] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var s = setup(node.inputs[0]!.shape, node.attrs), N = s.N, F = s.F, T = s.T, f = s.f, agg = s.agg, post = s.post;
  var base = s.base, nb = base.length;
  var acc = new Float64Array(T), hit = new Uint8Array(T);
  return function () {
    for (var n = 0; n < N; n++) {
      aggregate(f, agg, x, n * F, acc, hit);
      if (nb) for (var t = 0; t < T; t++) acc[t] += base[t];
      postTransform(post, acc, 0, T);
      for (var t = 0; t < T; t++) y[n * T + t] = acc[t];
    }
  };
}
