// SVMRegressor (ai.onnx.ml 1), as onnxruntime computes it: with support vectors (n_supports > 0)
// y = sum_v coefficients[v] * K(x, sv_v) + rho[0]; without, y = x . coefficients + rho[0].
// one_class maps y to 1 (y > 0) or -1. Output [N, 1] float32.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { svmKernel, kernelValue } from './svm';
import { rowsOf } from './tree';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'SVMRegressor', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], a: any) {
  var d = rowsOf(shape), V = a.n_supports | 0, coef: number[] = a.coefficients || [], sv: number[] = a.support_vectors || [];
  var rho: number[] = a.rho || [];
  if (!coef.length || !rho.length) fail('coefficients and rho must be given');
  if (V > 0 && (sv.length !== V * d.F || coef.length < V)) fail(V + ' support vectors of ' + d.F + ' features need ' + V * d.F + ' support_vectors values and ' + V + ' coefficients');
  if (V <= 0 && coef.length !== d.F) fail('a linear SVM needs one coefficient per feature (' + d.F + '), got ' + coef.length);
  return { N: d.N, F: d.F, V: V, coef: coef, sv: sv, rho: rho[0], one: (a.one_class | 0) !== 0, k: svmKernel(a, V <= 0) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  return [{ dtype: FLOAT, shape: [params(x.shape, node.attrs).N, 1] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var p = params(node.inputs[0]!.shape, node.attrs), N = p.N, F = p.F, V = p.V, k = p.k, rho = p.rho, one = p.one;
  var coef = new Float64Array(p.coef), sv = new Float64Array(p.sv);
  return function () {
    for (var n = 0; n < N; n++) {
      var s = rho;
      if (V > 0) for (var v = 0; v < V; v++) s += coef[v] * kernelValue(k, x, n * F, sv, v * F, F);
      else s += kernelValue(k, x, n * F, coef, 0, F);
      y[n] = one ? (s > 0 ? 1 : -1) : s;
    }
  };
}
