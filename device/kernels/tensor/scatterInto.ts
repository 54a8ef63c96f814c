// Scatter reductions (ScatterElements, ScatterND): none, add, mul, max, min.
import { Node, fail } from '../contract';
import { Infer } from '../infer';
import { normAxis, stridesOf } from '../shape';
import { offsetTable } from './common';
import { TypedArray } from '../../dtype';

export function reductionOf(attrs: any): number {
  var r = attrs.reduction || 'none', i = ['none', 'add', 'mul', 'max', 'min'].indexOf(r);
  if (i < 0) fail('unknown reduction \'' + r + '\'');
  return i;
}

// y[p..p+len) op= u[q..q+len).
export function scatterInto(y: TypedArray, p: number, u: TypedArray, q: number, len: number, red: number) {
  var i: number, a: number, b: number;
  switch (red) {
    case 0: for (i = 0; i < len; i++) y[p + i] = u[q + i]; break;
    case 1: for (i = 0; i < len; i++) y[p + i] += u[q + i]; break;
    case 2: for (i = 0; i < len; i++) y[p + i] *= u[q + i]; break;
    case 3: for (i = 0; i < len; i++) { a = y[p + i]; b = u[q + i]; if (b > a) y[p + i] = b; } break;
    default: for (i = 0; i < len; i++) { a = y[p + i]; b = u[q + i]; if (b < a) y[p + i] = b; }
  }
}

// ScatterElements (and its opset 9-10 name Scatter): copies data, then each update element
// replaces (or reduces into) the element whose axis coordinate indices gives; the other
// coordinates' offsets are tabulated once.
export var inferScatterElements: Infer = function (node) {
  var x = node.inputs[0]!, ind = node.inputs[1]!, u = node.inputs[2]!;
  if (ind.shape.length !== x.shape.length || ind.shape.join() !== u.shape.join())
    fail('indices [' + ind.shape + '] and updates [' + u.shape + '] must have the same shape and the rank of data [' + x.shape + ']');
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};

export function prepareScatterElements(node: Node) {
  var X = node.inputs[0]!, x = X.data, I = node.inputs[1]!, ind = I.data, u = node.inputs[2]!.data, y = node.outputs[0].data;
  var axis = normAxis(node.attrs.axis || 0, X.shape.length), dim = X.shape[axis], s = stridesOf(X.shape);
  var sa = s[axis], n = ind.length, red = reductionOf(node.attrs);
  s[axis] = 0;
  var base = offsetTable(I.shape, s);
  return function () {
    if (y !== x) y.set(x);
    for (var e = 0; e < n; e++) {
      var k = ind[e], p = base[e] + (k < 0 ? k + dim : k) * sa;
      if (red === 0) y[p] = u[e]; else scatterInto(y, p, u, e, 1, red);
    }
  };
}
