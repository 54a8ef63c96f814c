import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, product } from './common';
import { normAxis } from '../shape';

export var meta: Meta = { op: 'Split', domain: '', since: 1, dtypes: ALL_DTYPES };

// Lengths along the axis: the split list (attribute <13, or input 1 in opset 1 and >=13),
// else equal parts; num_outputs (>=18) gives ceil-sized parts with a shorter last one.
function parts(node: NodeLike, n: number) {
  var shape = node.inputs[0]!.shape, axis = normAxis(node.attrs.axis || 0, shape.length), dim = shape[axis];
  var split: number[] | null = node.opset >= 13 || node.opset < 2 && node.inputs[1] ? paramInput(node, 1, 'split') : null;
  if (!split && node.opset < 13 && node.attrs.split && node.attrs.split.length) split = node.attrs.split;
  if (split && split.length) {
    var sum = 0;
    for (var i = 0; i < split.length; i++) sum += split[i];
    if (sum !== dim || split.length !== n) fail('split [' + split + '] does not cover axis ' + axis + ' of size ' + dim + ' in ' + n + ' outputs');
    return { axis: axis, lens: split };
  }
  var lens: number[] = [];
  if (node.attrs.num_outputs !== undefined) {
    if (node.attrs.num_outputs !== n) fail('num_outputs is ' + node.attrs.num_outputs + ' but the node has ' + n + ' outputs');
    var chunk = Math.ceil(dim / n);
    for (var i = 0, left = dim; i < n; i++, left -= chunk) lens.push(left < chunk ? (left > 0 ? left : 0) : chunk);
  } else {
    if (dim % n !== 0) fail('axis ' + axis + ' of size ' + dim + ' does not split into ' + n + ' equal parts');
    for (var i = 0; i < n; i++) lens.push(dim / n);
  }
  return { axis: axis, lens: lens };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, p = parts(node, node.numOutputs), out = [];
  for (var i = 0; i < p.lens.length; i++) {
    var s = x.shape.slice();
    s[p.axis] = p.lens[i];
    out.push({ dtype: x.dtype, shape: s });
  }
  return out;
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, p = parts(node, node.outputs.length);
  var outer = product(X.shape, 0, p.axis), inner = product(X.shape, p.axis + 1, X.shape.length);
  var row = X.shape[p.axis] * inner, ys: any[] = [], lens: number[] = [], offs: number[] = [];
  for (var i = 0, off = 0; i < p.lens.length; i++) {
    ys.push(node.outputs[i].data); lens.push(p.lens[i] * inner); offs.push(off);
    off += p.lens[i] * inner;
  }
  var m = ys.length;
  return function () {
    for (var j = 0; j < m; j++) {
      var y = ys[j], len = lens[j];
      for (var o = 0, q = 0, p0 = offs[j]; o < outer; o++, p0 += row) for (var i = 0; i < len; i++) y[q++] = x[p0 + i];
    }
  };
}
