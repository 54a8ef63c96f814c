import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';

export var meta: Meta = { op: 'Col2Im', domain: '', since: 18, dtypes: ['float32', 'float64', 'int32'] };

// input [N, C*prod(block), L] → [N, C, image...]: every column of blocks is added back into the
// image at its sliding-window position (inverse of im2col).
function geometry(node: InferNode | Node, image: ArrayLike<number>, block: ArrayLike<number>) {
  var s = node.inputs[0]!.shape, k = image.length, a = node.attrs;
  if (block.length !== k || s.length !== 3) fail('input must be [N, C*prod(block_shape), L] with block_shape as long as image_shape');
  var dil: number[] = a.dilations || [], pads: number[] = a.pads || [], str: number[] = a.strides || [];
  var kk = 1, L = 1, cols: number[] = [];
  for (var i = 0; i < k; i++) {
    var d = dil[i] || 1, st = str[i] || 1, p = (pads[i] || 0) + (pads[k + i] || 0);
    var n = Math.floor((image[i] + p - d * (block[i] - 1) - 1) / st) + 1;
    cols.push(n); kk *= block[i]; L *= n;
  }
  if (s[1] % kk !== 0 || s[2] !== L) fail('input [' + s + '] does not match ' + kk + ' block elements and ' + L + ' block positions');
  return { N: s[0], C: s[1] / kk, K: kk, L: L, cols: cols };
}

export var infer: Infer = function (node) {
  var image = constInput(node, 1, 'image_shape')!, g = geometry(node, image, constInput(node, 2, 'block_shape')!);
  var out = [g.N, g.C];
  for (var i = 0; i < image.length; i++) out.push(image[i]);
  return [{ dtype: node.inputs[0]!.dtype, shape: out }];
};

export function prepare(node: Node) {
  var image = node.inputs[1]!.data, block = node.inputs[2]!.data, g = geometry(node, image, block);
  var k = image.length, a = node.attrs, dil: number[] = a.dilations || [], pads: number[] = a.pads || [], str: number[] = a.strides || [];
  var K = g.K, L = g.L, IMG = 1;
  for (var i = 0; i < k; i++) IMG *= image[i];
  // dst[e * L + l]: image offset that block element e at block position l adds to (-1: in padding).
  var dst = new Int32Array(K * L), ke = new Int32Array(k), lc = new Int32Array(k);
  for (var e = 0; e < K; e++) {
    for (var i = k - 1, r = e; i >= 0; i--) { ke[i] = r % block[i]; r = (r / block[i]) | 0; }
    for (var l = 0; l < L; l++) {
      for (var i = k - 1, r = l; i >= 0; i--) { lc[i] = r % g.cols[i]; r = (r / g.cols[i]) | 0; }
      var off = 0;
      for (var i = 0; i < k; i++) {
        var pos = lc[i] * (str[i] || 1) - (pads[i] || 0) + ke[i] * (dil[i] || 1);
        if (pos < 0 || pos >= image[i]) { off = -1; break; }
        off = off * image[i] + pos;
      }
      dst[e * L + l] = off;
    }
  }
  var x = node.inputs[0]!.data, y = node.outputs[0].data, NC = g.N * g.C;
  return function () {
    for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var nc = 0; nc < NC; nc++) {
      var xo = nc * K * L, yo = nc * IMG;
      for (var j = 0; j < K * L; j++) { var d = dst[j]; if (d >= 0) y[yo + d] += x[xo + j]; }
    }
  };
}
