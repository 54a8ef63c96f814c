// TreeEnsembleClassifier (ai.onnx.ml 1-4): class scores are the summed votes of the leaves a row
// reaches (plus base_values); Y is the label of the best class and Z the post-transformed scores.
// Follows onnxruntime, including its binary rules (two labels, every vote for one class):
// the label is positive when the score s > 0.5 (all weights >= 0) or s > 0 (mixed weights), and
// Z = [1 - s, s] (all weights >= 0) or [-s, s] ([logistic(-s), logistic(s)] with LOGISTIC).
// A class with no vote and no base value scores 0. Integer labels only.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { forestLegacy, aggregate, rowsOf, SUM } from './tree';
import { postCode, postTransform, logistic, probit, LOGISTIC, PROBIT } from './post';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function setup(shape: number[], attrs: any) {
  if (attrs.classlabels_strings && attrs.classlabels_strings.length) fail('string class labels (classlabels_strings) are not supported');
  var labels: number[] = attrs.classlabels_int64s || [], C = labels.length;
  if (!C) fail('classlabels_int64s is missing');
  var d = rowsOf(shape), f = forestLegacy(attrs, 'class');
  var base: ArrayLike<number> = attrs.base_values_as_tensor ? attrs.base_values_as_tensor.data : attrs.base_values || [];
  var oneClass = f.vTarget.length > 0, positive = true;
  for (var j = 0; j < f.vTarget.length; j++) {
    if (f.vTarget[j] !== f.vTarget[0]) oneClass = false;
    if (f.vWeight[j] < 0) positive = false;
  }
  if (f.maxFeature >= d.F) fail('a node tests feature ' + f.maxFeature + ' but X has ' + d.F + ' features');
  if (f.maxTarget >= C) fail('a leaf votes for class ' + f.maxTarget + ' but there are ' + C + ' classes');
  return { N: d.N, F: d.F, C: C, binary: C === 2 && oneClass, positive: positive, labels: labels, f: f, base: base,
    post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  var s = setup(x.shape, node.attrs);
  return [{ dtype: INT32, shape: [s.N] }, { dtype: FLOAT, shape: [s.N, s.C] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, Y = node.outputs[0].data, Z = node.outputs[1] ? node.outputs[1].data : null;
  var s = setup(node.inputs[0]!.shape, node.attrs), N = s.N, F = s.F, C = s.C, f = s.f, post = s.post;
  var base = s.base, nb = base.length, labels = s.labels, binary = s.binary, positive = s.positive;
  var acc = new Float64Array(C), hit = new Uint8Array(C), sc = new Float64Array(C);
  return function () {
    for (var n = 0; n < N; n++) {
      aggregate(f, SUM, x, n * F, acc, hit);
      var c: number, label: number, wide = C;   // wide: scores written (1 in a binary case with one score)
      if (C !== 2) {
        for (c = 0; c < C; c++) {
          if (c < nb) { acc[c] += base[c]; hit[c] = 1; }
          sc[c] = hit[c] ? acc[c] : 0;
        }
        var best = -1;
        for (c = 0; c < C; c++) if (hit[c] && (best < 0 || acc[c] > acc[best])) best = c;
        label = C === 1 ? (best >= 0 && acc[0] > 0 ? 1 : 0) : labels[best < 0 ? 0 : best];
        if (C > 1) postTransform(post, sc, 0, C); else if (post === PROBIT) sc[0] = probit(sc[0]);
      } else {
        var mode = -1;   // onnxruntime's add_second_class
        if (nb === 2) {
          if (hit[1]) { acc[1] = base[1] + acc[0]; acc[0] = -acc[1]; }
          else { acc[1] += base[1]; acc[0] += base[0]; }
        } else if (nb === 1) acc[0] += base[0];
        else mode = 3;
        if (nb !== 2 && !hit[1]) wide = 1;
        var p = wide === 2 && hit[1] ? acc[1] : hit[0] ? acc[0] : 0;
        if (binary) {
          if (positive) { mode = p > 0.5 ? 0 : 1; label = p > 0.5 ? labels[1] : labels[0]; }
          else { mode = p > 0 ? 2 : 3; label = p > 0 ? labels[1] : labels[0]; }
        } else label = p > 0 ? 1 : 0;
        sc[0] = hit[0] ? acc[0] : 0; sc[1] = hit[1] ? acc[1] : 0;
        if (wide === 2) postTransform(post, sc, 0, 2);
        else if (post === PROBIT) { sc[0] = probit(sc[0]); sc[1] = 0; }
        else if (mode === 0 || mode === 1) { sc[1] = sc[0]; sc[0] = 1 - sc[1]; }
        else if (mode >= 2) {
          var v = sc[0];
          if (post === LOGISTIC) { sc[0] = logistic(-v); sc[1] = logistic(v); } else { sc[0] = -v; sc[1] = v; }
        } else sc[1] = 0;
      }
      Y[n] = label;
      if (Z) for (c = 0; c < C; c++) Z[n * C + c] = sc[c];
    }
  };
}
