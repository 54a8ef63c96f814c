import { Node, fail } from '../contract';
import { Meta, Infer, InferNode } from '../infer';

export var meta: Meta = { op: 'SpaceToDepth', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

// [N, C, H, W] → [N, C*b*b, H/b, W/b]; output channel (i1*b + i2)*C + c holds x[c, h*b+i1, w*b+i2].
function dims(node: InferNode | Node) {
  var s = node.inputs[0]!.shape, b = node.attrs.blocksize;
  if (s.length !== 4) fail('input must be 4-D [N, C, H, W], got [' + s + ']');
  if (!(b >= 1) || s[2] % b !== 0 || s[3] % b !== 0) fail('H and W (' + s[2] + ', ' + s[3] + ') must be divisible by blocksize ' + b);
  return { N: s[0], C: s[1], H: s[2] / b, W: s[3] / b, b: b };
}

export var infer: Infer = function (node) {
  var d = dims(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: [d.N, d.C * d.b * d.b, d.H, d.W] }];
};

export function prepare(node: Node) {
  var d = dims(node), N = d.N, C = d.C, H = d.H, W = d.W, b = d.b;
  var x = node.inputs[0]!.data, y = node.outputs[0].data, IW = W * b, IH = H * b;
  return function () {
    var o = 0;
    for (var n = 0; n < N; n++) for (var i1 = 0; i1 < b; i1++) for (var i2 = 0; i2 < b; i2++) for (var c = 0; c < C; c++)
      for (var h = 0; h < H; h++) {
        var src = ((n * C + c) * IH + h * b + i1) * IW + i2;
        for (var w = 0; w < W; w++) y[o++] = x[src + w * b];
      }
  };
}
