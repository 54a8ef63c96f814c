import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES } from './common';

export var meta: Meta = { op: 'EyeLike', domain: '', since: 9, dtypes: ALL_DTYPES };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  if (x.shape.length !== 2) fail('input must be 2-D, got [' + x.shape + ']');
  return [{ dtype: node.attrs.dtype === undefined ? x.dtype : node.attrs.dtype, shape: x.shape.slice() }];
};

// Ones on the diagonal shifted by k (positive: above the main diagonal).
export function prepare(node: Node) {
  var y = node.outputs[0].data, rows = node.outputs[0].shape[0], cols = node.outputs[0].shape[1], k = node.attrs.k || 0;
  return function () {
    for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) y[i * cols + i + k] = 1;
  };
}
