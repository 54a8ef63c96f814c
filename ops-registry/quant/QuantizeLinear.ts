// y = saturate(round_half_even(x / y_scale) + y_zero_point), per tensor, per axis or blocked.
// The division is rounded to float32 like the reference (float32 x / float32 scale) before
// rounding to an integer, so ties land exactly where they do in ONNX; float64 x divides in double.
import { Meta, Infer, Node, fail } from '../kernel';
import { qLayout, checkZeroPoint } from '../util/quant-params';
import { quantize, qMin, qMax } from '../util/quant-round';
import { UINT8, INT8, UINT16, INT16, INT32, DOUBLE, DTYPE_NAME } from '../../format/dtype';

export var meta: Meta = { op: 'QuantizeLinear', domain: '', since: 10, dtypes: ['float32', 'float64', 'int32', 'uint8', 'int8', 'uint16', 'int16'] };

function outType(node: { opset: number; inputs: any[]; attrs: any }): number {
  var z = node.inputs[2], od = node.opset >= 21 ? node.attrs.output_dtype | 0 : 0;
  var t = z ? z.dtype : od || UINT8;
  if (z && od && od !== z.dtype) fail('output_dtype ' + DTYPE_NAME[od] + ' differs from the zero point type ' + DTYPE_NAME[z.dtype]);
  if (t !== UINT8 && t !== INT8 && t !== UINT16 && t !== INT16 && t !== INT32)
    fail('quantizing to ' + (DTYPE_NAME[t] || 'element type ' + t) + ' is not supported (uint8, int8, uint16, int16, int32 are)');
  return t;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, s = node.inputs[1]!, z = node.inputs[2];
  var t = outType(node);
  if (node.opset < 21 && s.shape.length > 1) fail('y_scale must be a scalar or 1-D before opset 21');
  if (z) checkZeroPoint(s.shape, z.shape);
  qLayout(x.shape, s.shape, node.attrs.axis, node.opset >= 21 ? node.attrs.block_size | 0 : 0, node.opset);
  return [{ dtype: t, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, S = node.inputs[1]!, Z = node.inputs[2], Y = node.outputs[0];
  var L = qLayout(X.shape, S.shape, node.attrs.axis, node.opset >= 21 ? node.attrs.block_size | 0 : 0, node.opset);
  var outer = L.outer, D = L.D, inner = L.inner, so = L.so, si = L.si, dOff = L.dOff;
  var x = X.data, s = S.data, z = Z ? Z.data : null, y = Y.data;
  var lo = qMin(Y.dtype), hi = qMax(Y.dtype);
  // float32 quotient unless x is float64 or precision (opset 23+) asks for double.
  var f32 = X.dtype !== DOUBLE && node.attrs.precision !== DOUBLE;
  var t = new Float32Array(1);
  return function () {
    var p = 0;
    for (var o = 0; o < outer; o++) {
      for (var d = 0; d < D; d++) {
        var base = o * so + dOff[d];
        for (var i = 0; i < inner; i++, p++) {
          var k = base + i * si, q = x[p] / s[k];
          if (f32) { t[0] = q; q = t[0]; }
          y[p] = quantize(q, z ? z[k] : 0, lo, hi);
        }
      }
    }
  };
}
