import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES } from './common';
import { INT32, sizeOf } from '../../dtype';

export var meta: Meta = { op: 'Size', domain: '', since: 1, dtypes: ALL_DTYPES };

// Shapes are static, so Size always folds to a constant.
export var infer: Infer = function (node) {
  return [{ dtype: INT32, shape: [], data: new Int32Array([sizeOf(node.inputs[0]!.shape)]) }];
};

export function prepare(node: Node) {
  var y = node.outputs[0].data, n = node.inputs[0]!.data.length;
  return function () { y[0] = n; };
}
