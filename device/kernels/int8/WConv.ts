// tinyonnx.int8:WConv — a float convolution whose weights stay int8 (--quantize dynamic, and
// DequantizeLinear(int8 weight) → Conv in imported models): y = scale[m] * conv(x, w) + bias[m],
// the int8 weights read as they are (no dequantized copy in RAM: the arena and heap stay as
// small as the float model's). Float arithmetic, same order in every engine.
// Inputs: x (float32), w (int8 constant [M, C/group, k...]), bias (float32 [M], optional).
// Attributes: the Conv ones, scale (floats, one or per output channel), w_zero_point (ints,
// optional: subtracted once at load, into an Int16Array).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { convSetup, im2col } from '../nn/im2col';
import { gemm } from '../nn/gemmCore';
import { perChannel } from './requant';
import { INT8_DOMAIN } from './domain';
import { FLOAT } from '../../dtype';

export var meta: Meta = { op: 'WConv', domain: INT8_DOMAIN, since: 1, dtypes: ['float32', 'int8'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, cs = convSetup(x.shape, node.inputs[1]!.shape, node.attrs);
  if (x.dtype !== FLOAT) fail('x must be float32');
  perChannel(node.attrs.scale || [], cs.M, 'scale');
  return [{ dtype: FLOAT, shape: [cs.N, cs.M].concat(cs.g.outS.slice(3 - cs.g.rank)) }];
};

var BAND = 32768;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, B = node.inputs[2], a = node.attrs;
  var cs = convSetup(X.shape, Wt.shape, a), g = cs.g;
  var x = X.data, y = node.outputs[0].data, bias = B ? B.data : null, scale: number[] = a.scale, per = perChannel(scale, cs.M, 'scale');
  var w: any = Wt.data;
  if (a.w_zero_point) {
    var z: number[] = a.w_zero_point, K0 = w.length / cs.M, w16 = new Int16Array(w.length);
    for (var i = 0; i < w.length; i++) w16[i] = w[i] - z[z.length > 1 ? Math.floor(i / K0) : 0];
    w = w16;
  }
  var N = cs.N, C = cs.C, M = cs.M, group = cs.group, Cg = cs.Cg, Mg = cs.Mg;
  var plane = g.inS[0] * g.inS[1] * g.inS[2], OW = g.outS[2], R = g.outS[0] * g.outS[1], P = R * OW;
  var Kc = Cg * g.k[0] * g.k[1] * g.k[2];
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Kc * OW))));
  var col = new Float32Array(Kc * band * OW), fill = im2col(g, Cg);
  return function () {
    for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
      var xo = (n * C + gi * Cg) * plane, yo = (n * M + gi * Mg) * P;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW;
        fill(x, xo, col, r0, r1);
        gemm(Mg, cols, Kc, w, gi * Mg * Kc, Kc, 1, col, 0, cols, 1, y, yo + r0 * OW, P, 1, null, 0, false);
      }
    }
    for (var n = 0; n < N; n++) for (var m = 0; m < M; m++) {
      var s = scale[per ? m : 0], b = bias ? bias[m] : 0, o = (n * M + m) * P;
      for (var p = 0; p < P; p++) y[o + p] = y[o + p] * s + b;
    }
  };
}
