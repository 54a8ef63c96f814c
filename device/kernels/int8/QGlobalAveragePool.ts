// tinyonnx.int8:QGlobalAveragePool — y[n, c] = clamp(y_zp + roundHalfEven(sum_spatial(x - x_zp) * multiplier / 2^shift)),
// multiplier / 2^shift ~= x_scale / (y_scale * spatial size), computed at build time.
// Output shape [N, C, 1, ...]; with channels_last 1, x is [N, spatial..., C] and y [N, 1, ..., C]
// (com.microsoft QLinearGlobalAveragePool's NHWC form, read in place rather than transposed).
// Attributes: x_zero_point, y_zero_point, multiplier, shift, act_min, act_max, output_dtype,
// channels_last.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { rqParams, rqRound, actRange, outDtype, isInt8Type, intList } from './requant';
import { INT8_DOMAIN } from './domain';

export var meta: Meta = { op: 'QGlobalAveragePool', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, r = x.shape.length, last = node.attrs.channels_last === 1;
  if (!isInt8Type(x.dtype)) fail('x must be int8 or uint8');
  if (r < 3) fail('x must have rank 3 or more, got [' + x.shape + ']');
  var shape = [x.shape[0]];
  if (!last) shape.push(x.shape[1]);
  for (var i = 2; i < r; i++) shape.push(1);
  if (last) shape.push(x.shape[r - 1]);
  return [{ dtype: outDtype(node.attrs), shape: shape }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], a = node.attrs, x = X.data, y = Y.data, r = X.shape.length;
  var last = a.channels_last === 1, N = X.shape[0], C = last ? X.shape[r - 1] : X.shape[1], S = x.length / (N * C || 1);
  var range = actRange(a, Y.dtype), lo = range[0], hi = range[1], zx = a.x_zero_point | 0, zy = a.y_zero_point | 0;
  var rq = rqParams(intList(a.multiplier, 0), intList(a.shift, 31), 'multiplier');
  var mh = rq.mh[0], ml = rq.ml[0], two = rq.two[0], inv = rq.inv[0], half = rq.half[0];
  var acc = new Float64Array(last ? C : 0);
  function store(i: number, s: number) {
    var q = rqRound(s - S * zx, mh, ml, two, inv, half) + zy;
    y[i] = q < lo ? lo : q > hi ? hi : q;
  }
  if (last) return function () {
    for (var n = 0, p = 0; n < N; n++) {
      for (var c = 0; c < C; c++) acc[c] = 0;
      for (var j = 0; j < S; j++) for (var c = 0; c < C; c++) acc[c] += x[p++];
      for (var c = 0; c < C; c++) store(n * C + c, acc[c]);
    }
  };
  return function () {
    for (var i = 0, p = 0; i < N * C; i++) {
      var s = 0;
      for (var j = 0; j < S; j++) s += x[p++];
      store(i, s);
    }
  };
}
