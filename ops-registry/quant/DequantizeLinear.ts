// y = (x - x_zero_point) * x_scale, per tensor, per axis or blocked. The output has the scale's
// type (or output_dtype, opset 23+). For 8/16-bit x the difference and the product are exact in
// double, so the single rounding on store matches float32 arithmetic; int32 x is first rounded to
// float32 as the reference does.
import { Meta, Infer, Node, fail } from '../kernel';
import { qLayout, checkZeroPoint } from '../util/quant-params';
import { UINT8, INT8, UINT16, INT16, INT32, FLOAT, DOUBLE, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'DequantizeLinear', domain: '', since: 10, dtypes: ['uint8', 'int8', 'uint16', 'int16', 'int32', 'float32', 'float64'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, s = node.inputs[1]!, z = node.inputs[2];
  var t = x.dtype;
  if (t !== UINT8 && t !== INT8 && t !== UINT16 && t !== INT16 && t !== INT32)
    fail('dequantizing ' + (DTYPE_NAME[t] || 'element type ' + t) + ' is not supported (uint8, int8, uint16, int16, int32 are)');
  if (z && z.dtype !== t) fail('x is ' + DTYPE_NAME[t] + ' but x_zero_point is ' + DTYPE_NAME[z.dtype]);
  if (node.opset < 21 && s.shape.length > 1) fail('x_scale must be a scalar or 1-D before opset 21');
  if (z) checkZeroPoint(s.shape, z.shape);
  qLayout(x.shape, s.shape, node.attrs.axis, node.opset >= 21 ? node.attrs.block_size | 0 : 0, node.opset);
  var od = node.opset >= 23 ? node.attrs.output_dtype | 0 : 0;
  var out = od || s.dtype;
  if (out !== FLOAT && out !== DOUBLE) fail('output type ' + (DTYPE_NAME[out] || out) + ' is not supported (float32, float64 are)');
  return [{ dtype: out, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, S = node.inputs[1]!, Z = node.inputs[2], Y = node.outputs[0];
  var L = qLayout(X.shape, S.shape, node.attrs.axis, node.opset >= 21 ? node.attrs.block_size | 0 : 0, node.opset);
  var outer = L.outer, D = L.D, inner = L.inner, so = L.so, si = L.si, dOff = L.dOff;
  var x = X.data, s = S.data, z = Z ? Z.data : null, y = Y.data;
  var r32 = X.dtype === INT32, t = new Float32Array(1);
  return function () {
    var p = 0;
    for (var o = 0; o < outer; o++) {
      for (var d = 0; d < D; d++) {
        var base = o * so + dOff[d];
        for (var i = 0; i < inner; i++, p++) {
          var k = base + i * si, v = x[p];
          if (r32) { t[0] = v; v = t[0]; }
          y[p] = (z ? v - z[k] : v) * s[k];
        }
      }
    }
  };
}
