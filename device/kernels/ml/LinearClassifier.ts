// Scores s[n, e] = sum_c X[n, c] * coefficients[e * C + c] + intercepts[e]; Y is the label, Z
// the post-transformed scores. Follows onnxruntime: labels come from the raw scores (the first
// best class; with one row of coefficients, s > 0 picks the positive label, classlabels_ints[1]
// with two labels, else 1), and one row of coefficients with two labels gives Z = [1 - s, s].
// Integer labels only; classlabels_strings is not supported.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { postCode, postTransform, probit, PROBIT } from './post';
import { rowsOf } from './tree';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'LinearClassifier', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], attrs: any) {
  if (attrs.classlabels_strings && attrs.classlabels_strings.length) fail('string class labels (classlabels_strings) are not supported');
  var d = rowsOf(shape), w: number[] = attrs.coefficients || [], b: number[] = attrs.intercepts || [];
  var labels: number[] = attrs.classlabels_ints || [];
  if (!w.length || w.length % d.F) fail('coefficients has ' + w.length + ' entries, not a multiple of the ' + d.F + ' features');
  var R = w.length / d.F;
  if (b.length && b.length !== R) fail('intercepts has ' + b.length + ' entries; expected ' + R);
  if (R > 1 && labels.length !== R) fail(R + ' rows of coefficients but ' + labels.length + ' labels');
  var two = R === 1 && labels.length === 2;
  return { N: d.N, F: d.F, R: R, E: two ? 2 : R, two: two, w: w, b: b, labels: labels, post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  var p = params(x.shape, node.attrs);
  return [{ dtype: INT32, shape: [p.N] }, { dtype: FLOAT, shape: [p.N, p.E] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, Y = node.outputs[0].data, Z = node.outputs[1] ? node.outputs[1].data : null;
  var p = params(node.inputs[0]!.shape, node.attrs), N = p.N, F = p.F, R = p.R, E = p.E, two = p.two, post = p.post;
  var labels = p.labels, pos = two ? labels[1] : 1, neg = two ? labels[0] : 0;
  var w = new Float64Array(p.w), b = new Float64Array(R), sc = new Float64Array(E);
  for (var r = 0; r < p.b.length; r++) b[r] = p.b[r];
  return function () {
    for (var n = 0; n < N; n++) {
      for (var r = 0; r < R; r++) {
        var s = b[r], wo = r * F, xo = n * F;
        for (var c = 0; c < F; c++) s += x[xo + c] * w[wo + c];
        sc[r] = s;
      }
      if (R === 1) Y[n] = sc[0] > 0 ? pos : neg;
      else {
        var best = 0;
        for (var e = 1; e < R; e++) if (sc[e] > sc[best]) best = e;
        Y[n] = labels[best];
      }
      if (two) { sc[1] = post === PROBIT ? probit(sc[0]) : sc[0]; sc[0] = 1 - sc[1]; }
      else postTransform(post, sc, 0, R);
      if (Z) for (var e = 0; e < E; e++) Z[n * E + e] = sc[e];
    }
  };
}

