// y = (x - x_zero_point) * x_scale, per tensor, per axis or blocked. x is an 8/16/32-bit or
// 4/2-bit integer, float8 or float4e2m1 (the float types ignore the zero point, as the
// reference does). y has the scale's type (float32, float64, float16, bfloat16) or output_dtype
// (opset 23+); float16/bfloat16 results are rounded from the float32 product like the reference.
// For 8/16-bit x the difference and product are exact in double, so the one rounding on store
// matches float32 arithmetic; int32 x is first rounded to float32 as the reference does.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { qLayout, checkZeroPoint } from './params';
import { isQuantInt, roundArith } from './round';
import { INT32, FLOAT, DOUBLE, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E5M2FNUZ, FLOAT4E2M1, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'DequantizeLinear', domain: '', since: 10, dtypes: ['uint8', 'int8', 'uint16', 'int16', 'int32', 'int4',
  'uint4', 'int2', 'uint2', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'float4e2m1', 'float32', 'float64', 'float16', 'bfloat16'] };

function isFloatQ(t: number) { return (t >= FLOAT8E4M3FN && t <= FLOAT8E5M2FNUZ) || t === FLOAT4E2M1; }

function layout(node: { opset: number; inputs: any[]; attrs: any }) {
  return qLayout(node.inputs[0]!.shape, node.inputs[1]!.shape, node.attrs.axis, node.opset >= 21 ? node.attrs.block_size | 0 : 0, node.opset);
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, s = node.inputs[1]!, z = node.inputs[2];
  var t = x.dtype;
  if (!isQuantInt(t) && !isFloatQ(t)) fail('dequantizing ' + (DTYPE_NAME[t] || 'element type ' + t) + ' is not supported');
  if (z && z.dtype !== t) fail('x is ' + DTYPE_NAME[t] + ' but x_zero_point is ' + DTYPE_NAME[z.dtype]);
  if (node.opset < 21 && s.shape.length > 1) fail('x_scale must be a scalar or 1-D before opset 21');
  if (z) checkZeroPoint(s.shape, z.shape);
  layout(node);
  var od = node.opset >= 23 ? node.attrs.output_dtype | 0 : 0;
  var out = od || s.dtype;
  if (out !== FLOAT && out !== DOUBLE && out !== FLOAT16 && out !== BFLOAT16)
    fail('output type ' + (DTYPE_NAME[out] || out) + ' is not supported (float32, float64, float16, bfloat16 are)');
  return [{ dtype: out, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, S = node.inputs[1]!, Z = node.inputs[2], Y = node.outputs[0];
  var L = layout(node), outer = L.outer, D = L.D, inner = L.inner, so = L.so, si = L.si, dOff = L.dOff;
  var x = X.data, s = S.data, z = Z && !isFloatQ(X.dtype) ? Z.data : null, y = Y.data;
  var r32 = X.dtype === INT32, t = new Float32Array(1);
  var at = Y.dtype === FLOAT16 ? 2 : Y.dtype === BFLOAT16 ? 3 : 0;   // float32/64: the store rounds
  return function () {
    var p = 0;
    for (var o = 0; o < outer; o++) {
      for (var d = 0; d < D; d++) {
        var base = o * so + dOff[d];
        for (var i = 0; i < inner; i++, p++) {
          var k = base + i * si, v = x[p];
          if (r32) { t[0] = v; v = t[0]; }
          v = (z ? v - z[k] : v) * s[k];
          y[p] = at ? roundArith(at, v, t) : v;
        }
      }
    }
  };
}
