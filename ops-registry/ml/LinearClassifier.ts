// Scores s[n, e] = sum_c X[n, c] * coefficients[e * C + c] + intercepts[e], post-transformed, and
// the label of the best score (Y, int) with the scores (Z, float32). As in the ONNX reference:
// one row of coefficients with two labels scores [-s, s]; one row otherwise thresholds s at 0
// (NONE) or 0.5 and gives classlabels_ints[0] or 0. Integer labels only.
import { Meta, Infer, Node, fail } from '../kernel';
import { postCode, postTransform, NONE } from '../util/ml-post';
import { rowsOf } from '../util/ml-tree';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'LinearClassifier', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], attrs: any) {
  if (attrs.classlabels_strings && attrs.classlabels_strings.length) fail('string class labels (classlabels_strings) are not supported');
  var d = rowsOf(shape), w: number[] = attrs.coefficients || [], b: number[] = attrs.intercepts || [];
  var labels: number[] = attrs.classlabels_ints || [];
  if (!w.length || w.length % d.F) fail('coefficients has ' + w.length + ' entries, not a multiple of the ' + d.F + ' features');
  var R = w.length / d.F;
  if (b.length && b.length !== R) fail('intercepts has ' + b.length + ' entries; expected ' + R);
  var two = R === 1 && labels.length === 2;
  if (R > 1 && labels.length && labels.length !== R) fail(R + ' rows of coefficients but ' + labels.length + ' labels');
  return { N: d.N, F: d.F, R: R, E: two ? 2 : R, two: two, w: w, b: b, labels: labels, post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.dtype !== FLOAT && x.dtype !== DOUBLE && x.dtype !== INT32) fail('X must be float32, float64 or int, got ' + DTYPE_NAME[x.dtype]);
  var p = params(x.shape, node.attrs);
  return [{ dtype: INT32, shape: [p.N] }, { dtype: FLOAT, shape: [p.N, p.E] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, Y = node.outputs[0].data, Z = node.outputs[1] ? node.outputs[1].data : null;
  var p = params(node.inputs[0]!.shape, node.attrs), N = p.N, F = p.F, R = p.R, E = p.E, two = p.two, post = p.post;
  var labels = p.labels, th = post === NONE ? 0 : 0.5;
  var w = new Float64Array(p.w), b = new Float64Array(R), sc = new Float64Array(E);
  for (var r = 0; r < p.b.length; r++) b[r] = p.b[r];
  return function () {
    for (var n = 0; n < N; n++) {
      for (var r = 0; r < R; r++) {
        var s = b[r], wo = r * F, xo = n * F;
        for (var c = 0; c < F; c++) s += x[xo + c] * w[wo + c];
        sc[r] = s;
      }
      if (two) { sc[1] = sc[0]; sc[0] = -sc[1]; }
      postTransform(post, sc, 0, E);
      if (E > 1) {
        var best = 0;
        for (var e = 1; e < E; e++) if (sc[e] > sc[best]) best = e;
        Y[n] = labels.length ? labels[best] : best;
      } else Y[n] = sc[0] >= th ? (labels.length ? labels[0] : 1) : 0;
      if (Z) for (var e = 0; e < E; e++) Z[n * E + e] = sc[e];
    }
  };
}
