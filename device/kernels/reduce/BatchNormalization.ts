import { Node, fail } from '../contract';
import { Meta, Infer, ValueType } from '../infer';

export var meta: Meta = { op: 'BatchNormalization', domain: '', since: 1, dtypes: ['float32', 'float64'] };

// Training mode (batch statistics): from opset 14 the training_mode attribute; before that, as in
// onnxruntime, when the model asks for the statistics outputs (and, before opset 7, is_test != 1).
function training(node: { opset: number; attrs: any }, numOutputs: number) {
  if (node.opset >= 14) return node.attrs.training_mode === 1;
  return numOutputs > 1 && !(node.opset < 7 && node.attrs.is_test === 1);
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, out: ValueType[] = [{ dtype: x.dtype, shape: x.shape.slice() }];
  if (training(node, node.numOutputs)) for (var i = 1; i < node.numOutputs; i++) out.push({ dtype: x.dtype, shape: node.inputs[1]!.shape.slice() });
  else if (node.numOutputs > 1) fail('outputs other than Y need training_mode=1');
  return out;
};

// X is N x C x S. Parameters have C entries (or C*S with spatial=0, opset < 9). Each run folds
// them into y = x * a + b; in training mode mean and variance come from the batch instead.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data;
  var sc = node.inputs[1]!.data, bi = node.inputs[2]!.data, mu = node.inputs[3]!.data, va = node.inputs[4]!.data;
  var N = X.shape[0], K = sc.length, inner = X.shape.length < 2 ? 1 : N * K ? x.length / (N * K) : 0;
  if (inner % 1 !== 0) fail('scale has ' + K + ' entries, which does not divide X [' + X.shape + '] per sample');
  var eps = node.attrs.epsilon === undefined ? 1e-5 : node.attrs.epsilon;
  var mom = node.attrs.momentum === undefined ? 0.9 : node.attrs.momentum;
  var outs = node.outputs, train = training(node, outs.length);
  var a = new Float64Array(K), b = new Float64Array(K), bm = new Float64Array(K), bv = new Float64Array(K);
  return function () {
    var c, n, i, o;
    if (train) {
      var cnt = N * inner;
      for (c = 0; c < K; c++) {
        var s = 0, q = 0;
        for (n = 0; n < N; n++) { o = (n * K + c) * inner; for (i = 0; i < inner; i++) s += x[o + i]; }
        s /= cnt;
        for (n = 0; n < N; n++) { o = (n * K + c) * inner; for (i = 0; i < inner; i++) { var t = x[o + i] - s; q += t * t; } }
        bm[c] = s; bv[c] = q / cnt;
      }
    } else for (c = 0; c < K; c++) { bm[c] = mu[c]; bv[c] = va[c]; }
    for (c = 0; c < K; c++) { a[c] = sc[c] / Math.sqrt(bv[c] + eps); b[c] = bi[c] - bm[c] * a[c]; }
    for (n = 0, o = 0; n < N; n++) for (c = 0; c < K; c++) {
      var ac = a[c], bc = b[c];
      for (i = 0; i < inner; i++, o++) y[o] = x[o] * ac + bc;
    }
    if (!train) return;
    // Running statistics; before opset 14 also the batch's own (saved_mean, saved_var).
    var rm = outs[1] ? outs[1].data : null, rv = outs[2] ? outs[2].data : null;
    var sm = outs[3] ? outs[3].data : null, sv = outs[4] ? outs[4].data : null;
    for (c = 0; c < K; c++) {
      if (rm) rm[c] = mu[c] * mom + bm[c] * (1 - mom);
      if (rv) rv[c] = va[c] * mom + bv[c] * (1 - mom);
      if (sm) sm[c] = bm[c];
      if (sv) sv[c] = bv[c];
    }
  };
}
