import { fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, normAxes } from './common';
import { copyPrepare } from './copy';

export var meta: Meta = { op: 'Squeeze', domain: '', since: 1, dtypes: ALL_DTYPES };

function squeezedShape(node: NodeLike): number[] {
  var shape = node.inputs[0]!.shape;
  var axes = node.opset < 13 ? node.attrs.axes || null : paramInput(node, 1, 'axes');
  var out: number[] = [];
  if (!axes || !axes.length) {
    for (var i = 0; i < shape.length; i++) if (shape[i] !== 1) out.push(shape[i]);
    return out;
  }
  var a = normAxes(axes, shape.length);
  for (var i = 0; i < shape.length; i++) {
    if (a.indexOf(i) < 0) { out.push(shape[i]); continue; }
    if (shape[i] !== 1) fail('cannot squeeze axis ' + i + ' of size ' + shape[i]);
  }
  return out;
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: squeezedShape(node) }];
};
export var prepare = copyPrepare;
