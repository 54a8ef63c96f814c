import { Node, fail } from '../contract';
import { Meta, Infer, InferNode } from '../infer';

export var meta: Meta = { op: 'DepthToSpace', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

// [N, C*b*b, H, W] → [N, C, H*b, W*b]. DCR (default) takes the b*b blocks as the outer part of
// the channel index, CRD as the inner part.
function dims(node: InferNode | Node) {
  var s = node.inputs[0]!.shape, b = node.attrs.blocksize;
  if (s.length !== 4) fail('input must be 4-D [N, C, H, W], got [' + s + ']');
  if (!(b >= 1) || s[1] % (b * b) !== 0) fail('channels ' + s[1] + ' are not divisible by blocksize² (' + b + '²)');
  return { N: s[0], C: s[1] / (b * b), H: s[2], W: s[3], b: b };
}

export var infer: Infer = function (node) {
  var d = dims(node);
  return [{ dtype: node.inputs[0]!.dtype, shape: [d.N, d.C, d.H * d.b, d.W * d.b] }];
};

export function prepare(node: Node) {
  var d = dims(node), N = d.N, C = d.C, H = d.H, W = d.W, b = d.b, crd = node.attrs.mode === 'CRD';
  var x = node.inputs[0]!.data, y = node.outputs[0].data, HW = H * W, OW = W * b;
  // Source offset of each output column, relative to the channel-block origin.
  var col = new Int32Array(OW);
  for (var ow = 0; ow < OW; ow++) col[ow] = (crd ? (ow % b) : (ow % b) * C) * HW + ((ow / b) | 0);
  return function () {
    var o = 0;
    for (var n = 0; n < N; n++) for (var c = 0; c < C; c++) for (var oh = 0; oh < H * b; oh++) {
      var i1 = oh % b, ih = (oh / b) | 0;
      var base = (crd ? (n * C + c) * b * b + i1 * b : (n * b * b + i1 * b) * C + c) * HW + ih * W;
      for (var ow = 0; ow < OW; ow++) y[o++] = x[base + col[ow]];
    }
  };
}
