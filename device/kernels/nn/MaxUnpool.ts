import { Node, fail, constInput } from '../contract';
import { Meta, Infer } from '../infer';
import { toInts, stridesOf } from '../shape';

export var meta: Meta = { op: 'MaxUnpool', domain: '', since: 9, dtypes: ['float32', 'float64'] };

// The shape MaxPool's input had: (in - 1) * stride + kernel - pads. Indices refer to it.
function pooledFrom(x: number[], a: any): number[] {
  var n = x.length - 2, pads = a.pads || [], shape = x.slice(0, 2);
  if (!a.kernel_shape || a.kernel_shape.length !== n) fail('kernel_shape must have one value per spatial axis');
  for (var i = 0; i < n; i++)
    shape.push((x[i + 2] - 1) * (a.strides ? a.strides[i] : 1) + a.kernel_shape[i] - (pads[i] || 0) - (pads[i + n] || 0));
  return shape;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, given = constInput(node, 2, 'output_shape');
  var shape = given ? toInts(given) : pooledFrom(x.shape, node.attrs);
  if (shape.length !== x.shape.length) fail('output_shape has ' + shape.length + ' values for an input of rank ' + x.shape.length);
  return [{ dtype: x.dtype, shape: shape }];
};

// Zeros, then each value goes where its index points. With a larger output_shape the index
// is a position in the pooled-from shape, carried over to the same coordinates in the output.
export function prepare(node: Node) {
  var x = node.inputs[0]!.data, ind = node.inputs[1]!.data, Y = node.outputs[0], y = Y.data;
  var src = pooledFrom(node.inputs[0]!.shape, node.attrs), dst = Y.shape, rank = dst.length;
  var same = src.join() === dst.join(), ss = stridesOf(src), ds = stridesOf(dst);
  var n = x.length, len = y.length, srcLen = ss[0] * src[0];
  return function () {
    for (var i = 0; i < len; i++) y[i] = 0;
    for (var i = 0; i < n; i++) {
      var t = ind[i], o = 0;
      if (same) o = t;
      else for (var d = 0; d < rank; d++) { var c = (t / ss[d]) | 0; t -= c * ss[d]; o += c * ds[d]; }
      if (ind[i] < 0 || ind[i] >= srcLen || o >= len) fail('index ' + ind[i] + ' is outside the output');
      y[o] = x[i];
    }
  };
}
