// tinyonnx.int8:QAveragePool — y = clamp(y_zp + roundHalfEven(sum(x - x_zp) * multiplier[c] / 2^shift[c])),
// where c is the divisor: the window's taps inside the input (count_include_pad 0) or inside the
// input plus its explicit pads (1: the whole kernel, except for ceil_mode windows reaching past
// the end pad, as ONNX AveragePool). multiplier[c] / 2^shift[c] ~= x_scale / (y_scale * c); the
// lists are indexed by c (entry 0 unused) and computed at build time. Attributes: the AveragePool
// ones (kernel_shape, pads, auto_pad, strides, dilations, count_include_pad, ceil_mode),
// x_zero_point, y_zero_point, multiplier, shift, act_min, act_max, output_dtype.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { poolGeom, poolPlane, paddedCounts } from './poolGeom';
import { rqParams, rqRound, actRange, outDtype, isInt8Type } from './requant';
import { INT8_DOMAIN } from './domain';

export var meta: Meta = { op: 'QAveragePool', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (!isInt8Type(x.dtype)) fail('x must be int8 or uint8');
  var g = poolGeom(x.shape, node.attrs), area = g.ks[0] * g.ks[1] * g.ks[2];
  if (!node.attrs.multiplier || node.attrs.multiplier.length !== area + 1) fail('multiplier must have kernel size + 1 = ' + (area + 1) + ' entries');
  return [{ dtype: outDtype(node.attrs), shape: g.outShape }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], a = node.attrs, g = poolGeom(X.shape, a);
  var x = X.data, y = Y.data, NC = g.N * g.C, inPlane = g.xs[0] * g.xs[1] * g.xs[2], outPlane = g.ys[0] * g.ys[1] * g.ys[2];
  var range = actRange(a, Y.dtype), lo = range[0], hi = range[1], zx = a.x_zero_point | 0, zy = a.y_zero_point | 0;
  var rq = rqParams(a.multiplier, a.shift, 'multiplier'), area = g.ks[0] * g.ks[1] * g.ks[2], all = a.count_include_pad === 1;
  var ceil = a.ceil_mode === 1 && (a.auto_pad === undefined || a.auto_pad === 'NOTSET');
  var div = all && ceil ? paddedCounts(g) : null, o = 0;
  function store(p: number, v: number, cnt: number) {
    var c = all ? (div ? div[p] : area) : cnt;
    var q = rqRound(v, rq.mh[c], rq.ml[c], rq.two[c], rq.inv[c], rq.half[c]) + zy;
    y[o + p] = q < lo ? lo : q > hi ? hi : q;
  }
  return function () {
    for (var i = 0; i < NC; i++) { o = i * outPlane; poolPlane(g, x, i * inPlane, false, zx, store); }
  };
}
