// SVMClassifier (ai.onnx.ml 1), following onnxruntime. With support vectors (libsvm): one score
// per class pair (i < j) from the kernels and coefficients, votes pick the label, and with
// prob_a/prob_b the pair scores become class probabilities (Platt scaling + pairwise coupling).
// Without support vectors (liblinear): one score per class, x . coefficients[c] + rho[0].
// Z has one column per class, or per class pair (two for a binary libsvm model) without
// probabilities. Integer labels only; classlabels_strings is not supported.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { svmKernel, kernelValue, multiclassProbability } from './svm';
import { postCode, postTransform, logistic, probit, NONE, PROBIT } from './post';
import { rowsOf } from './tree';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'SVMClassifier', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], a: any) {
  if (a.classlabels_strings && a.classlabels_strings.length) fail('string class labels (classlabels_strings) are not supported');
  var labels: number[] = a.classlabels_ints || [], C = labels.length, d = rowsOf(shape);
  var vpc: number[] = a.vectors_per_class || [], coef: number[] = a.coefficients || [], sv: number[] = a.support_vectors || [];
  var rho: number[] = a.rho || [], pa: number[] = a.prob_a || [], pb: number[] = a.prob_b || [];
  if (!C) fail('classlabels_ints must be given');
  if (!coef.length || !rho.length) fail('coefficients and rho must be given');
  if (pa.length !== pb.length) fail('prob_a and prob_b must have the same length');
  var V = 0, start: number[] = [];
  for (var i = 0; i < vpc.length; i++) { start.push(V); V += vpc[i]; }
  var K = C * (C - 1) / 2, svc = V > 0, proba = pa.length > 0;
  if (svc) {
    if (vpc.length !== C) fail('vectors_per_class has ' + vpc.length + ' entries for ' + C + ' classes');
    if (sv.length !== V * d.F) fail(V + ' support vectors of ' + d.F + ' features need ' + V * d.F + ' values, got ' + sv.length);
    if (coef.length < (C - 1) * V || rho.length < K || (proba && pa.length < K)) fail('coefficients, rho or prob_a/prob_b are too short for ' + C + ' classes');
  } else if (coef.length !== C * d.F) fail('a linear SVM needs classes (' + C + ') x features (' + d.F + ') coefficients, got ' + coef.length);
  var E = svc && !proba ? (C > 2 ? K : 2) : C;
  return { N: d.N, F: d.F, C: C, V: V, K: K, E: E, svc: svc, proba: proba, labels: labels, vpc: vpc, start: start,
    coef: coef, sv: sv, rho: rho, pa: pa, pb: pb, post: postCode(a.post_transform), k: svmKernel(a, !svc) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  var p = params(x.shape, node.attrs);
  return [{ dtype: INT32, shape: [p.N] }, { dtype: FLOAT, shape: [p.N, p.E] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, Y = node.outputs[0].data, Zt = node.outputs[1] ? node.outputs[1].data : null;
  var p = params(node.inputs[0]!.shape, node.attrs), N = p.N, F = p.F, C = p.C, V = p.V, K = p.K, E = p.E;
  var svc = p.svc, proba = p.proba, labels = p.labels, vpc = p.vpc, start = p.start, rho = p.rho, post = p.post, k = p.k;
  var coef = new Float64Array(p.coef), sv = new Float64Array(p.sv), pa = p.pa, pb = p.pb;
  var allPos = true;
  for (var i = 0; i < coef.length; i++) if (coef[i] < 0) allPos = false;
  var nScores = svc && !proba ? K : C, wa = svc && !proba && C <= 2 ? (post === NONE ? 2 : 0) : -1;
  var kern = new Float64Array(V), votes = new Int32Array(C), pair = new Float64Array(K), sc = new Float64Array(E);
  var r = new Float64Array(C * C), Q = new Float64Array(C * C), Qp = new Float64Array(C);
  return function () {
    for (var n = 0; n < N; n++) {
      var xo = n * F, c: number, best = 0, maxW = 0;
      if (!svc) {
        for (c = 0; c < C; c++) sc[c] = kernelValue(k, x, xo, coef, c * F, F) + rho[0];
        for (c = 1; c < C; c++) if (sc[c] > sc[best]) best = c;
        maxW = sc[best];
      } else {
        for (var v = 0; v < V; v++) kern[v] = kernelValue(k, x, xo, sv, v * F, F);
        for (c = 0; c < C; c++) votes[c] = 0;
        var idx = 0;
        for (var i = 0; i < C - 1; i++) {
          for (var j = i + 1; j < C; j++, idx++) {
            var s = rho[idx], m: number;
            for (m = 0; m < vpc[i]; m++) s += coef[(j - 1) * V + start[i] + m] * kern[start[i] + m];
            for (m = 0; m < vpc[j]; m++) s += coef[i * V + start[j] + m] * kern[start[j] + m];
            pair[idx] = s;
            votes[s > 0 ? i : j]++;
          }
        }
        for (c = 1; c < C; c++) if (votes[c] > votes[best]) best = c;
        if (proba) {
          for (c = 0; c < C * C; c++) r[c] = 0;
          idx = 0;
          for (var i = 0; i < C - 1; i++) {
            for (var j = i + 1; j < C; j++, idx++) {
              var q = 1 - logistic(pair[idx] * pa[idx] + pb[idx]);
              q = q < 1e-7 ? 1e-7 : q > 1 - 1e-7 ? 1 - 1e-7 : q;
              r[i * C + j] = q; r[j * C + i] = 1 - q;
            }
          }
          multiclassProbability(C, r, sc, 0, Q, Qp);
        } else for (c = 0; c < K; c++) sc[c] = pair[c];
      }
      if (K === 1 && !proba && ((allPos && maxW >= 0.5) || (!allPos && maxW > 0))) Y[n] = labels[1];
      else Y[n] = labels[best];
      if (nScores > 1) postTransform(post, sc, 0, nScores);
      else if (post === PROBIT) { sc[0] = probit(sc[0]); sc[1] = 0; }
      else if (wa === 0) { sc[1] = sc[0]; sc[0] = 1 - sc[1]; }
      else if (wa === 2) { sc[1] = sc[0]; sc[0] = -sc[1]; }
      if (Zt) for (c = 0; c < E; c++) Zt[n * E + c] = sc[c];
    }
  };
}
