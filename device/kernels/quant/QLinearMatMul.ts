// y = saturate(round((a - a_zp) x (b - b_zp) * (a_scale * b_scale / y_scale) + y_zp)), numpy.matmul
// shapes. Scales and zero points are per tensor, or per row of a / per column of b. As in the
// reference, the multiplier is computed in the scales' type (float32, or float16 rounded step by
// step), the product and y_zp are added in double, and the sum is rounded half to even.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { matmulGeom, checkZp, mmInt } from './matmulInt';
import { quantize, qMin, qMax, arithType, scaleRatio } from './round';
import { UINT8, INT8, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'QLinearMatMul', domain: '', since: 10, dtypes: ['uint8', 'int8'] };

export var infer: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[3]!, yz = node.inputs[7];
  var ints = [0, 2, 3, 5, 7];
  for (var i = 0; i < ints.length; i++) {
    var v = node.inputs[ints[i]];
    if (v && v.dtype !== UINT8 && v.dtype !== INT8) fail('input ' + ints[i] + ' must be uint8 or int8, got ' + DTYPE_NAME[v.dtype]);
  }
  var g = matmulGeom(a.shape, b.shape);
  checkZp(node.inputs[1], g.M, 'a_scale'); checkZp(node.inputs[2], g.M, 'a_zero_point');
  checkZp(node.inputs[4], g.N, 'b_scale'); checkZp(node.inputs[5], g.N, 'b_zero_point');
  checkZp(node.inputs[6], 1, 'y_scale'); checkZp(yz, 1, 'y_zero_point');
  return [{ dtype: yz ? yz.dtype : a.dtype, shape: g.outShape }];
};

export function prepare(node: Node) {
  var A = node.inputs[0]!, B = node.inputs[3]!, Y = node.outputs[0], y = Y.data;
  var as = node.inputs[1]!.data, bs = node.inputs[4]!.data, ys = node.inputs[6]!.data;
  var yz = node.inputs[7] ? node.inputs[7]!.data : null;
  var g = matmulGeom(A.shape, B.shape), N = g.N;
  var aRow = as.length > 1, bCol = bs.length > 1, lo = qMin(Y.dtype), hi = qMax(Y.dtype);
  var t = new Float32Array(1), at = arithType(node.inputs[1]!.dtype, node.inputs[4]!.dtype), k = 0;
  return mmInt(g, A, node.inputs[3]!, node.inputs[2], node.inputs[5], function (o, m, acc) {
    var z = yz ? yz[0] : 0;
    for (var n = 0; n < N; n++) {
      if (n === 0 || bCol) k = scaleRatio(at, as[aRow ? m : 0], bs[bCol ? n : 0], ys[0], t);
      y[o + n] = quantize(acc[n] * k + z, 0, lo, hi);
    }
  });
}
