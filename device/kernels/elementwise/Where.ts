import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { broadcastShapes, broadcastStrides, sameShape } from '../shape';

export var meta: Meta = { op: 'Where', domain: '', since: 9, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

export var infer: Infer = function (node) {
  var C = node.inputs[0]!, X = node.inputs[1]!, Y = node.inputs[2]!;
  if (X.dtype !== Y.dtype) fail('X and Y have different element types (' + X.dtype + ' and ' + Y.dtype + ')');
  return [{ dtype: X.dtype, shape: broadcastShapes([C.shape, X.shape, Y.shape]) }];
};

// out = cond ? x : y with three-way broadcasting: the innermost axis is a tight loop, the
// outer axes advance an odometer over the three inputs' offsets.
export function prepare(node: Node) {
  var C = node.inputs[0]!, X = node.inputs[1]!, Y = node.inputs[2]!, O = node.outputs[0];
  var c = C.data, x = X.data, y = Y.data, out = O.data, n = out.length, shape = O.shape;
  if (sameShape(C.shape, shape) && sameShape(X.shape, shape) && sameShape(Y.shape, shape))
    return function () { for (var i = 0; i < n; i++) out[i] = c[i] ? x[i] : y[i]; };
  var rank = shape.length;
  var sc = broadcastStrides(C.shape, shape), sx = broadcastStrides(X.shape, shape), sy = broadcastStrides(Y.shape, shape);
  var inner = shape[rank - 1], ic = sc[rank - 1], ix = sx[rank - 1], iy = sy[rank - 1];
  var idx: number[] = [];
  for (var d = 0; d < rank; d++) idx.push(0);
  return function () {
    var oc = 0, ox = 0, oy = 0, o = 0;
    for (var d = 0; d < rank; d++) idx[d] = 0;
    while (o < n) {
      for (var i = 0; i < inner; i++) out[o++] = c[oc + i * ic] ? x[ox + i * ix] : y[oy + i * iy];
      var k = rank - 2;
      for (; k >= 0; k--) {
        idx[k]++; oc += sc[k]; ox += sx[k]; oy += sy[k];
        if (idx[k] < shape[k]) break;
        oc -= sc[k] * shape[k]; ox -= sx[k] * shape[k]; oy -= sy[k] * shape[k]; idx[k] = 0;
      }
      if (k < 0) break;
    }
  };
}
