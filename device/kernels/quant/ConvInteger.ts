// y = conv(x - x_zero_point, w - w_zero_point) as int32. x_zero_point is per tensor; w_zero_point
// per tensor or per output channel.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { convGeom, convIntPlane } from './convInt';
import { UINT8, INT8, INT32, DTYPE_NAME, sizeOf } from '../../dtype';

export var meta: Meta = { op: 'ConvInteger', domain: '', since: 10, dtypes: ['uint8', 'int8'] };

export var infer: Infer = function (node) {
  for (var i = 0; i < 4; i++) {
    var v = node.inputs[i];
    if (v && v.dtype !== UINT8 && v.dtype !== INT8) fail('input ' + i + ' must be uint8 or int8, got ' + DTYPE_NAME[v.dtype]);
  }
  var g = convGeom(node.inputs[0]!.shape, node.inputs[1]!.shape, node.attrs);
  var xz = node.inputs[2], wz = node.inputs[3];
  if (xz && sizeOf(xz.shape) !== 1) fail('x_zero_point must be a scalar');
  if (wz && sizeOf(wz.shape) !== 1 && sizeOf(wz.shape) !== g.M) fail('w_zero_point must be a scalar or have one entry per output channel');
  return [{ dtype: INT32, shape: g.outShape }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, w = node.inputs[1]!.data, y = node.outputs[0].data;
  var XZ = node.inputs[2], WZ = node.inputs[3];
  var xzd = XZ ? XZ.data : null, wzd = WZ ? WZ.data : null;
  var g = convGeom(node.inputs[0]!.shape, node.inputs[1]!.shape, node.attrs);
  var N = g.N, M = g.M, P = sizeOf(g.ys);
  return function () {
    var xz = xzd ? xzd[0] : 0;
    for (var n = 0; n < N; n++)
      for (var m = 0; m < M; m++)
        convIntPlane(g, x, xz, w, wzd ? wzd[wzd.length > 1 ? m : 0] : 0, n, m, 0, y, (n * M + m) * P);
  };
}
