// Quantizes float32 x to uint8 with a scale and zero point computed from x's range, which is
// widened to include 0:  scale = (max - min) / 255,  zero_point = round(clamp(-min / scale)).
// Every step is rounded to float32 (through a one-element Float32Array) because the reference
// computes in float32, and a tie in round(x / scale) depends on it. When x is all zeros the
// range is empty and the scale is defined as 1.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { roundHalfEven, quantize } from './round';
import { FLOAT, UINT8, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'DynamicQuantizeLinear', domain: '', since: 11, dtypes: ['float32'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.dtype !== FLOAT) fail('x must be float32, got ' + DTYPE_NAME[x.dtype]);
  return [{ dtype: UINT8, shape: x.shape.slice() }, { dtype: FLOAT, shape: [] }, { dtype: UINT8, shape: [] }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, n = x.length;
  var y = node.outputs[0].data;
  var ys = node.outputs[1] ? node.outputs[1].data : null, yz = node.outputs[2] ? node.outputs[2].data : null;
  var t = new Float32Array(1);
  return function () {
    var mx = 0, mn = 0;
    for (var i = 0; i < n; i++) { var v = x[i]; if (v > mx) mx = v; if (v < mn) mn = v; }
    var scale = 1;
    if (mx !== mn) { t[0] = mx - mn; t[0] = t[0] / 255; scale = t[0]; }
    t[0] = mn / scale;
    var zp = -t[0];
    zp = roundHalfEven(zp < 0 ? 0 : zp > 255 ? 255 : zp);
    for (var i = 0; i < n; i++) { t[0] = x[i] / scale; y[i] = quantize(t[0], zp, 0, 255); }
    if (ys) ys[0] = scale;
    if (yz) yz[0] = zp;
  };
}
