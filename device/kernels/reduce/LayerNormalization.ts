import { Node } from '../contract';
import { Meta, Infer, ValueType } from '../infer';
import { normAxis } from '../shape';
import { rowParam, rowsOf } from './rowParam';
import { sizeOf, DOUBLE, FLOAT } from '../../dtype';

// ONNX standardized it in opset 17; onnxruntime accepts it in the ai.onnx domain at every opset
// (same attributes and meaning), and converter/passes/fuseLayerNorm.ts emits it into older models.
export var meta: Meta = { op: 'LayerNormalization', domain: '', since: 1, dtypes: ['float32', 'float64'] };

function axisOf(node: { attrs: any }, rank: number) {
  return normAxis(node.attrs.axis === undefined ? -1 : node.attrs.axis, rank);
}

// Y, and optionally Mean and InvStdDev shaped like X with the normalized dims set to 1.
export var infer: Infer = function (node) {
  var x = node.inputs[0]!, rank = x.shape.length, axis = axisOf(node, rank);
  var out: ValueType[] = [{ dtype: x.dtype, shape: x.shape.slice() }];
  var st: number[] = [];
  for (var d = 0; d < rank; d++) st.push(d < axis ? x.shape[d] : 1);
  var u = node.attrs.stash_type === DOUBLE ? DOUBLE : FLOAT;
  for (var i = 1; i < node.numOutputs && i < 3; i++) out.push({ dtype: u, shape: st.slice() });
  return out;
};

// Per row: mean, variance (two passes), then (x - mean) / sqrt(var + eps) * scale + bias.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, axis = axisOf(node, X.shape.length);
  var rows = rowsOf(X.shape, axis), D = sizeOf(X.shape) / (rows || 1);
  var S = rowParam(node.inputs[1], X.shape, axis)!, B = rowParam(node.inputs[2] || null, X.shape, axis);
  var M = node.outputs[1] ? node.outputs[1].data : null, I = node.outputs[2] ? node.outputs[2].data : null;
  var eps = node.attrs.epsilon === undefined ? 1e-5 : node.attrs.epsilon;
  return function () {
    S.sync(); if (B) B.sync();
    var s = S.data, b = B ? B.data : null;
    for (var r = 0; r < rows; r++) {
      var o = r * D, e = o + D, m = 0, v = 0, i, c;
      for (i = o; i < e; i++) m += x[i];
      m /= D;
      for (i = o; i < e; i++) { var t = x[i] - m; v += t * t; }
      var inv = 1 / Math.sqrt(v / D + eps);
      if (b) for (i = o, c = 0; i < e; i++, c++) y[i] = (x[i] - m) * inv * s[c] + b[c];
      else for (i = o, c = 0; i < e; i++, c++) y[i] = (x[i] - m) * inv * s[c];
      if (M) M[r] = m;
      if (I) I[r] = inv;
    }
  };
}
