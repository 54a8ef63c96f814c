// y = saturate(round_half_even(x / y_scale) + y_zero_point), per tensor, per axis or blocked,
// into uint8, int8, uint16, int16, int32, int4, uint4, int2, uint2; or y = float8(x / y_scale)
// (saturating unless saturate=0) and float4e2m1(x / y_scale + zero point), as the reference.
// The quotient is rounded like the reference's arithmetic (float32 / float32 in float32, float16
// in float16, float64 or int32 x in double; the precision attribute overrides), so ties land
// exactly where they do in ONNX.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { qLayout, checkZeroPoint } from './params';
import { quantize, qMin, qMax, isQuantInt, arithType, precisionType, roundArith } from './round';
import { roundFloat8, roundFloat4e2m1 } from '../elementwise/narrow';
import { UINT8, FLOAT8E4M3FN, FLOAT8E5M2FNUZ, FLOAT4E2M1, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'QuantizeLinear', domain: '', since: 10, dtypes: ['float32', 'float64', 'float16', 'bfloat16', 'int32',
  'uint8', 'int8', 'uint16', 'int16', 'int4', 'uint4', 'int2', 'uint2', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'float4e2m1'] };

function outType(node: { opset: number; inputs: any[]; attrs: any }): number {
  var z = node.inputs[2], od = node.opset >= 21 ? node.attrs.output_dtype | 0 : 0;
  var t = z ? z.dtype : od || UINT8;
  if (z && od && od !== z.dtype) fail('output_dtype ' + DTYPE_NAME[od] + ' differs from the zero point type ' + DTYPE_NAME[z.dtype]);
  if (!isQuantInt(t) && !(t >= FLOAT8E4M3FN && t <= FLOAT8E5M2FNUZ) && t !== FLOAT4E2M1)
    fail('quantizing to ' + (DTYPE_NAME[t] || 'element type ' + t) + ' is not supported');
  return t;
}

function layout(node: { opset: number; inputs: any[]; attrs: any }) {
  return qLayout(node.inputs[0]!.shape, node.inputs[1]!.shape, node.attrs.axis, node.opset >= 21 ? node.attrs.block_size | 0 : 0, node.opset);
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, s = node.inputs[1]!, z = node.inputs[2];
  var t = outType(node);
  if (node.opset < 21 && s.shape.length > 1) fail('y_scale must be a scalar or 1-D before opset 21');
  if (z) checkZeroPoint(s.shape, z.shape);
  layout(node);
  precisionType(node.attrs.precision);
  return [{ dtype: t, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, S = node.inputs[1]!, Z = node.inputs[2], Y = node.outputs[0];
  var L = layout(node), outer = L.outer, D = L.D, inner = L.inner, so = L.so, si = L.si, dOff = L.dOff;
  var x = X.data, s = S.data, z = Z ? Z.data : null, y = Y.data, T = Y.dtype;
  var isInt = isQuantInt(T), lo = isInt ? qMin(T) : 0, hi = isInt ? qMax(T) : 0;
  var sat = node.attrs.saturate === undefined || node.attrs.saturate !== 0;
  var pt = node.opset >= 23 ? precisionType(node.attrs.precision) : -1;
  var at = pt >= 0 ? pt : arithType(X.dtype, S.dtype), t = new Float32Array(1);
  return function () {
    var p = 0;
    for (var o = 0; o < outer; o++) {
      for (var d = 0; d < D; d++) {
        var base = o * so + dOff[d];
        for (var i = 0; i < inner; i++, p++) {
          var k = base + i * si, q = roundArith(at, x[p] / s[k], t);
          if (isInt) y[p] = quantize(q, z ? z[k] : 0, lo, hi);
          else if (T === FLOAT4E2M1) y[p] = roundFloat4e2m1(z ? q + z[k] : q);
          else y[p] = roundFloat8(T, q, sat);
        }
      }
    }
  };
}
