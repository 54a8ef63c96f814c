// Y[n, t] = sum_c X[n, c] * coefficients[t * C + c] + intercepts[t], then post_transform;
// float32 output [N, targets]. X is [N, C] or [C] (one row).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { postCode, postTransform } from './post';
import { rowsOf } from './tree';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'LinearRegressor', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function params(shape: number[], attrs: any) {
  var d = rowsOf(shape), T = attrs.targets === undefined ? 1 : attrs.targets;
  var w: number[] = attrs.coefficients || [], b: number[] = attrs.intercepts || [];
  if (T < 1 || w.length !== T * d.F) fail('coefficients has ' + w.length + ' entries; expected targets (' + T + ') x features (' + d.F + ')');
  if (b.length && b.length !== T) fail('intercepts has ' + b.length + ' entries; expected ' + T);
  return { N: d.N, F: d.F, T: T, w: w, b: b, post: postCode(attrs.post_transform) };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  var p = params(x.shape, node.attrs);
  return [{ dtype: FLOAT, shape: [p.N, p.T] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var p = params(node.inputs[0]!.shape, node.attrs), N = p.N, F = p.F, T = p.T, post = p.post;
  var w = new Float64Array(p.w), b = new Float64Array(T), acc = new Float64Array(T);
  for (var t = 0; t < p.b.length; t++) b[t] = p.b[t];
  return function () {
    for (var n = 0; n < N; n++) {
      for (var t = 0; t < T; t++) {
        var s = b[t], wo = t * F, xo = n * F;
        for (var c = 0; c < F; c++) s += x[xo + c] * w[wo + c];
        acc[t] = s;
      }
      postTransform(post, acc, 0, T);
      for (var t = 0; t < T; t++) y[n * T + t] = acc[t];
    }
  };
}
