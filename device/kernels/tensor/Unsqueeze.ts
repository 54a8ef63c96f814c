import { Meta, Infer } from '../infer';
import { ALL_DTYPES, paramInput, normAxes } from './common';
import { copyPrepare } from './copy';

export var meta: Meta = { op: 'Unsqueeze', domain: '', since: 1, dtypes: ALL_DTYPES };

// Axes index the output, whose rank is the input's plus the number of axes.
export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  var axes: number[] = node.opset < 13 ? node.attrs.axes || [] : paramInput(node, 1, 'axes') || [];
  var rank = x.shape.length + axes.length, a = normAxes(axes, rank), out: number[] = [], j = 0;
  for (var i = 0; i < rank; i++) out.push(a.indexOf(i) >= 0 ? 1 : x.shape[j++]);
  return [{ dtype: x.dtype, shape: out }];
};
export var prepare = copyPrepare;
