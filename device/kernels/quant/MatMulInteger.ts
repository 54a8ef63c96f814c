// Y = (A - a_zero_point) x (B - b_zero_point) as int32, numpy.matmul shapes. a_zero_point is a
// scalar or per row of A, b_zero_point a scalar or per column of B.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { matmulGeom, checkZp, mmInt } from './matmulInt';
import { UINT8, INT8, INT32, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'MatMulInteger', domain: '', since: 10, dtypes: ['uint8', 'int8'] };

export var infer: Infer = function (node) {
  var A = node.inputs[0]!, B = node.inputs[1]!;
  for (var i = 0; i < 4; i++) {
    var v = node.inputs[i];
    if (v && v.dtype !== UINT8 && v.dtype !== INT8) fail('input ' + i + ' must be uint8 or int8, got ' + DTYPE_NAME[v.dtype]);
  }
  var g = matmulGeom(A.shape, B.shape);
  checkZp(node.inputs[2], g.M, 'a_zero_point');
  checkZp(node.inputs[3], g.N, 'b_zero_point');
  return [{ dtype: INT32, shape: g.outShape }];
};

export function prepare(node: Node) {
  var A = node.inputs[0]!, B = node.inputs[1]!, y = node.outputs[0].data;
  var g = matmulGeom(A.shape, B.shape), N = g.N;
  return mmInt(g, A, B, node.inputs[2], node.inputs[3], function (o, m, acc) {
    for (var n = 0; n < N; n++) y[o + n] = acc[n];
  });
}
