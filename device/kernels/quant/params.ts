// Where each element of x finds its scale and zero point in (De)QuantizeLinear:
//   per-tensor  scale has one element;
//   per-axis    scale is 1-D, one entry per index along `axis`;
//   blocked     (opset 21+, block_size > 0) scale has x's rank, with
//               ceil(x.shape[axis] / block_size) entries along `axis` and x's size elsewhere.
// All three become one loop: x is seen as [outer, D, inner] around the axis, and the scale index
// of element (o, d, i) is o * so + dOff[d] + i * si.
import { fail } from '../contract';
import { normAxis } from '../shape';
import { sizeOf } from '../../dtype';

export interface QLayout { outer: number; D: number; inner: number; so: number; si: number; dOff: Int32Array }

export function qLayout(xShape: number[], sShape: number[], axisAttr: number | undefined, blockSize: number, opset: number): QLayout {
  var n = sizeOf(sShape), rank = xShape.length;
  if (!(blockSize > 0) && n === 1 && sShape.length <= 1) {
    var one = new Int32Array(1);
    return { outer: 1, D: 1, inner: sizeOf(xShape), so: 0, si: 0, dOff: one };
  }
  var axis = normAxis(axisAttr === undefined ? 1 : axisAttr, rank);
  var outer = 1, inner = 1, D = xShape[axis];
  for (var i = 0; i < axis; i++) outer *= xShape[i];
  for (var i = axis + 1; i < rank; i++) inner *= xShape[i];
  var dOff = new Int32Array(D);
  if (!(blockSize > 0)) {
    if (sShape.length !== 1 || n !== D)
      fail('scale of shape [' + sShape + '] fits neither per-tensor nor per-axis (axis ' + axis + ') quantization of [' + xShape + ']');
    for (var d = 0; d < D; d++) dOff[d] = d;
    return { outer: outer, D: D, inner: inner, so: 0, si: 0, dOff: dOff };
  }
  if (opset < 21) fail('block_size needs opset 21 or later');
  var nb = Math.ceil(D / blockSize);
  var ok = sShape.length === rank;
  for (var i = 0; ok && i < rank; i++) if (sShape[i] !== (i === axis ? nb : xShape[i])) ok = false;
  if (!ok) fail('blocked quantization of [' + xShape + '] on axis ' + axis + ' with block_size ' + blockSize + ' needs a scale of shape [' +
    xShape.map(function (v, i) { return i === axis ? nb : v; }) + '], got [' + sShape + ']');
  for (var d = 0; d < D; d++) dOff[d] = Math.floor(d / blockSize) * inner;
  return { outer: outer, D: D, inner: inner, so: nb * inner, si: 1, dOff: dOff };
}

// Checks that a zero point has the scale's shape (a scalar and a 1-element tensor agree).
export function checkZeroPoint(sShape: number[], zShape: number[]) {
  var same = sShape.length === zShape.length;
  for (var i = 0; same && i < sShape.length; i++) if (sShape[i] !== zShape[i]) same = false;
  if (!same && !(sizeOf(sShape) === 1 && sizeOf(zShape) === 1))
    fail('zero point of shape [' + zShape + '] does not match scale of shape [' + sShape + ']');
}
