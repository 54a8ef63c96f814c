import { Node, fail } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';

export var meta: Meta = { op: 'RotaryEmbedding', domain: '', since: 23, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// X is [B, H, S, hd] or [B, S, H*hd] (num_heads). The first `rot` dims of each head are rotated
// in pairs (i, i + rot/2), or (2i, 2i+1) when interleaved, by the angle whose cos/sin sit in row
// position_ids[b, s] of the caches (or row (b, s) of [B, S, rot/2] caches without position_ids).
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, sh = X.shape;
  var cs = node.inputs[1]!.data, sn = node.inputs[2]!.data, pos = node.inputs[3] ? node.inputs[3]!.data : null;
  var B = sh[0], H: number, S: number, hd: number, hs: number, ss: number;
  if (sh.length === 4) { H = sh[1]; S = sh[2]; hd = sh[3]; hs = S * hd; ss = hd; }
  else {
    H = node.attrs.num_heads;
    if (!(H > 0)) fail('3-D input needs the num_heads attribute');
    S = sh[1]; hd = sh[2] / H; hs = hd; ss = sh[2];
  }
  var rot = node.attrs.rotary_embedding_dim || hd, half = rot / 2, il = node.attrs.interleaved === 1;
  var cacheCols = node.inputs[1]!.shape[node.inputs[1]!.shape.length - 1];
  if (cacheCols !== half) fail('cos_cache rows have ' + cacheCols + ' entries, expected rotary dim / 2 = ' + half);
  return function () {
    for (var b = 0; b < B; b++) {
      for (var s = 0; s < S; s++) {
        var c0 = (pos ? pos[b * S + s] : b * S + s) * half;
        for (var h = 0; h < H; h++) {
          var o = b * H * S * hd + h * hs + s * ss, i, a1, a2;
          for (i = 0; i < half; i++) {
            var c = cs[c0 + i], n = sn[c0 + i];
            if (il) { a1 = o + 2 * i; a2 = a1 + 1; } else { a1 = o + i; a2 = a1 + half; }
            var x1 = x[a1], x2 = x[a2];
            y[a1] = c * x1 - n * x2;
            y[a2] = n * x1 + c * x2;
          }
          for (i = rot; i < hd; i++) y[o + i] = x[o + i];
        }
      }
    }
  };
}
