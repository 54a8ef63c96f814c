// TreeEnsembleClassifier (ai.onnx.ml 1-4): class scores are base_values plus the summed votes of
// the leaves each row reaches; Z is the post-transformed scores and Y the label of the best one.
// Binary models (every vote for one class, at most two labels) score the positive class only:
// with s that class's score, Z = [1 - s, s] (NONE, PROBIT) or [-s, s] before the transform, as
// the ONNX reference does.
// Integer labels only; string labels (classlabels_strings) are not supported.
import { Meta, Infer, Node, fail } from '../kernel';
import { forestLegacy, aggregate, rowsOf, SUM } from '../util/ml-tree';
import { postCode, postTransform, NONE, PROBIT } from '../util/ml-post';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', since: 1, until: 4, dtypes: ['float32', 'float64', 'int32'] };

function setup(shape: number[], attrs: any) {
  if (attrs.classlabels_strings && attrs.classlabels_strings.length) fail('string class labels (classlabels_strings) are not supported');
  var labels: number[] = attrs.classlabels_int64s || [], C = labels.length;
  if (!C) fail('classlabels_int64s is missing');
  var d = rowsOf(shape), f = forestLegacy(attrs, 'class');
  var base: ArrayLike<number> = attrs.base_values_as_tensor ? attrs.base_values_as_tensor.data : attrs.base_values || [];
  var binary = C <= 2 && f.vTarget.length > 0;
  for (var j = 1; j < f.vTarget.length; j++) if (f.vTarget[j] !== f.vTarget[0]) binary = false;
  if (base.length && base.length !== C) fail('base_values has ' + base.length + ' entries for ' + C + ' classes');
  if (f.maxFeature >= d.F) fail('a node tests feature ' + f.maxFeature + ' but X has ' + d.F + ' features');
  if (f.maxTarget >= C) fail('a leaf votes for class ' + f.maxTarget + ' but there are ' + C + ' classes');
  return { N: d.N, F: d.F, C: C, E: binary ? 2 : C, binary: binary, labels: labels, f: f, base: base, post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.dtype !== FLOAT && x.dtype !== DOUBLE && x.dtype !== INT32) fail('X must be float32, float64 or int, got ' + DTYPE_NAME[x.dtype]);
  var s = setup(x.shape, node.attrs);
  return [{ dtype: INT32, shape: [s.N] }, { dtype: FLOAT, shape: [s.N, s.E] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, Y = node.outputs[0].data, Z = node.outputs[1] ? node.outputs[1].data : null;
  var s = setup(node.inputs[0]!.shape, node.attrs), N = s.N, F = s.F, C = s.C, E = s.E, f = s.f, post = s.post;
  var base = s.base, labels = s.labels, binary = s.binary, oneMinus = post === NONE || post === PROBIT;
  var pos = f.vTarget.length ? f.vTarget[0] : 0;   // the class binary models vote for
  var acc = new Float64Array(C), hit = new Uint8Array(C), sc = new Float64Array(E);
  return function () {
    for (var n = 0; n < N; n++) {
      aggregate(f, SUM, x, n * F, acc, hit);
      for (var c = 0; c < C; c++) sc[c] = acc[c] + (base.length ? base[c] : 0);
      if (binary) { sc[1] = sc[pos]; sc[0] = oneMinus ? 1 - sc[1] : -sc[1]; }
      postTransform(post, sc, 0, E);
      var best = 0;
      for (var e = 1; e < E; e++) if (sc[e] > sc[best]) best = e;
      Y[n] = C === 1 ? (labels[0] === 1 && best === 1 ? 1 : 0) : labels[best];
      if (Z) for (var e = 0; e < E; e++) Z[n * E + e] = sc[e];
    }
  };
}
