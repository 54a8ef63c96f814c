import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';
import { stridesOf } from '../shape';

export var meta: Meta = { op: 'CenterCropPad', domain: '', since: 18, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

// Each listed axis is centre-cropped or zero-padded to its target length (the odd element goes
// to the end).
function outShape(xs: number[], attrs: { [k: string]: any }, shape: ArrayLike<number>): number[] {
  var r = xs.length, out = xs.slice(), axes: number[] = attrs.axes || [];
  if (!attrs.axes) for (var i = 0; i < r; i++) axes.push(i);
  if (shape.length !== axes.length) fail('shape has ' + shape.length + ' entries for ' + axes.length + ' axes');
  for (var i = 0; i < axes.length; i++) {
    var a = axes[i] < 0 ? axes[i] + r : axes[i];
    if (!(a >= 0 && a < r)) fail('axis ' + axes[i] + ' is out of range for rank ' + r);
    out[a] = shape[i];
  }
  return out;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  return [{ dtype: x.dtype, shape: outShape(x.shape, node.attrs, constInput(node, 1, 'shape')!) }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, xs = X.shape, ys = node.outputs[0].shape, r = xs.length;
  var x = X.data, y = node.outputs[0].data, st = stridesOf(xs);
  // Per output axis: source offset of each coordinate, -1 where it lies in the padding.
  var src: Int32Array[] = [];
  for (var d = 0; d < r; d++) {
    var t = new Int32Array(ys[d]), shift = ys[d] < xs[d] ? ((xs[d] - ys[d]) >> 1) : -((ys[d] - xs[d]) >> 1);
    for (var o = 0; o < ys[d]; o++) { var i = o + shift; t[o] = i >= 0 && i < xs[d] ? i * st[d] : -1; }
    src.push(t);
  }
  var c = new Int32Array(r), total = y.length;
  return function () {
    for (var d = 0; d < r; d++) c[d] = 0;
    for (var o = 0; o < total; o++) {
      var off = 0;
      for (var d = 0; d < r; d++) { var s = src[d][c[d]]; if (s < 0) { off = -1; break; } off += s; }
      y[o] = off < 0 ? 0 : x[off];
      for (var d = r - 1; d >= 0; d--) { if (++c[d] < ys[d]) break; c[d] = 0; }
    }
  };
}
