import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { convSetup } from './im2col';
import { gemm } from './gemmCore';
import { reserve, scratch } from './scratch';

export var meta: Meta = { op: 'DeformConv', domain: '', since: 19, dtypes: ['float32', 'float64'] };

function setup(node: { inputs: any[]; attrs: any }) {
  var x = node.inputs[0].shape;
  if (x.length !== 4) fail('only 2-D DeformConv is supported, input is [' + x + ']');
  return convSetup(x, node.inputs[1].shape, node.attrs);
}

export var infer: Infer = function (node) {
  var cs = setup(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: [cs.N, cs.M, cs.g.outS[1], cs.g.outS[2]] }];
};

// im2col where each tap samples X bilinearly at its offset position (zero outside), scaled
// by the mask, then the group's product with W as in Conv.
// offset [N, G*kH*kW*2, oH, oW] holds (dy, dx) per tap; mask [N, G*kH*kW, oH, oW].
export function prepare(node: Node) {
  var cs = setup(node), g = cs.g, x = node.inputs[0]!.data, w = node.inputs[1]!.data;
  var off = node.inputs[2]!.data, B = node.inputs[3], M5 = node.inputs[4], y = node.outputs[0].data;
  var bias = B ? B.data : null, mask = M5 ? M5.data : null;
  var H = g.inS[1], W = g.inS[2], OH = g.outS[1], OW = g.outS[2], P = OH * OW, KH = g.k[1], KW = g.k[2], T = KH * KW;
  var N = cs.N, C = cs.C, M = cs.M, Cg = cs.Cg, Mg = cs.Mg, group = cs.group, Kc = Cg * T;
  var og = node.attrs.offset_group || 1, cpo = C / og;
  if (C % og !== 0) fail('offset_group ' + og + ' must divide the input channels ' + C);
  reserve(Kc * P);
  return function () {
    var col = scratch();
    for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
      var p = 0;
      for (var c = 0; c < Cg; c++) {
        var ch = gi * Cg + c, xc = (n * C + ch) * H * W, o = (ch / cpo) | 0;
        for (var t = 0; t < T; t++) {
          var kh = (t / KW) | 0, kw = t % KW;
          var ob = ((n * og + o) * T + t) * 2 * P, mb = ((n * og + o) * T + t) * P;
          for (var oh = 0; oh < OH; oh++) for (var ow = 0; ow < OW; ow++) {
            var q = oh * OW + ow;
            var h = oh * g.s[1] - g.pb[1] + kh * g.d[1] + off[ob + q], v = ow * g.s[2] - g.pb[2] + kw * g.d[2] + off[ob + P + q];
            var h0 = Math.floor(h), v0 = Math.floor(v), fh = h - h0, fv = v - v0, s = 0;
            if (h0 >= 0 && h0 < H) {
              if (v0 >= 0 && v0 < W) s += (1 - fh) * (1 - fv) * x[xc + h0 * W + v0];
              if (v0 + 1 >= 0 && v0 + 1 < W) s += (1 - fh) * fv * x[xc + h0 * W + v0 + 1];
            }
            if (h0 + 1 >= 0 && h0 + 1 < H) {
              if (v0 >= 0 && v0 < W) s += fh * (1 - fv) * x[xc + (h0 + 1) * W + v0];
              if (v0 + 1 >= 0 && v0 + 1 < W) s += fh * fv * x[xc + (h0 + 1) * W + v0 + 1];
            }
            col[p++] = mask ? s * mask[mb + q] : s;
          }
        }
      }
      gemm(Mg, P, Kc, w, gi * Mg * Kc, Kc, 1, col, 0, P, 1, y, (n * M + gi * Mg) * P, P, 1, bias, gi * Mg, false);
    }
  };
}
