// tinyonnx.int8:QMaxPool — max pooling of int8/uint8 data (padding never wins). With equal input
// and output quantization (the usual case) the max is copied; with multiplier/shift attributes it
// is requantized: y = clamp(y_zp + roundHalfEven((max - x_zp) * multiplier / 2^shift)). Max and
// requantization commute (both monotonic), so this equals requantize-then-max.
// Attributes: the MaxPool ones (kernel_shape, pads, auto_pad, strides, dilations, ceil_mode),
// x_zero_point, y_zero_point, multiplier, shift (optional), act_min, act_max, output_dtype.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { poolGeom, poolPlane } from './poolGeom';
import { rqParams, rqRound, actRange, isInt8Type, intList } from './requant';
import { INT8_DOMAIN } from './domain';

export var meta: Meta = { op: 'QMaxPool', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (!isInt8Type(x.dtype)) fail('x must be int8 or uint8');
  var t = node.attrs.output_dtype === undefined ? x.dtype : node.attrs.output_dtype;
  return [{ dtype: t, shape: poolGeom(x.shape, node.attrs).outShape }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], a = node.attrs, g = poolGeom(X.shape, a);
  var x = X.data, y = Y.data, NC = g.N * g.C, inPlane = g.xs[0] * g.xs[1] * g.xs[2], outPlane = g.ys[0] * g.ys[1] * g.ys[2];
  var range = actRange(a, Y.dtype), lo = range[0], hi = range[1], zx = a.x_zero_point | 0, zy = a.y_zero_point | 0;
  var rq = a.multiplier !== undefined ? rqParams(intList(a.multiplier, 0), intList(a.shift, 31), 'multiplier') : null;
  var o = 0;
  var store = rq ? function (p: number, v: number) {
    var q = rqRound(v - zx, rq!.mh[0], rq!.ml[0], rq!.two[0], rq!.inv[0], rq!.half[0]) + zy;
    y[o + p] = q < lo ? lo : q > hi ? hi : q;
  } : function (p: number, v: number) { y[o + p] = v < lo ? lo : v > hi ? hi : v; };
  return function () {
    for (var i = 0; i < NC; i++) { o = i * outPlane; poolPlane(g, x, i * inPlane, true, 0, store); }
  };
}
