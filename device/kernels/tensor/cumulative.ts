// CumSum and CumProd: a running sum/product along one axis, optionally exclusive and reversed.
import { Node, fail } from '../contract';
import { Infer } from '../infer';
import { normAxis } from '../shape';
import { paramInput, product } from './common';

// The axis (input 1) must be a build-time constant: it decides the loop structure.
export var inferCumulative: Infer = function (node) {
  var x = node.inputs[0]!, a = paramInput(node, 1, 'axis')!;
  if (a.length !== 1) fail('axis must hold one value, got [' + a + ']');
  normAxis(a[0], x.shape.length);
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};

export function cumulative(product_: boolean) {
  return function (node: Node) {
    var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, shape = X.shape;
    var axis = normAxis(node.inputs[1]!.data[0], shape.length), dim = shape[axis];
    var outer = product(shape, 0, axis), inner = product(shape, axis + 1, shape.length);
    var excl = node.attrs.exclusive === 1, rev = node.attrs.reverse === 1;
    // Walk the axis forwards or backwards: start offset and step within one outer block.
    var first = rev ? (dim - 1) * inner : 0, step = rev ? -inner : inner, unit = product_ ? 1 : 0;
    return function () {
      for (var o = 0; o < outer; o++)
        for (var i = 0; i < inner; i++) {
          var p = o * dim * inner + i + first, acc = unit;
          for (var k = 0; k < dim; k++, p += step) {
            var v = x[p];
            if (excl) { y[p] = acc; acc = product_ ? acc * v : acc + v; }
            else { acc = product_ ? acc * v : acc + v; y[p] = acc; }
          }
        }
    };
  };
}
