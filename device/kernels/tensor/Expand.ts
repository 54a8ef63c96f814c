import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput } from './common';
import { broadcastShapes, broadcastStrides } from '../shape';
import { stridedCopy } from './strided';

export var meta: Meta = { op: 'Expand', domain: '', since: 8, dtypes: ALL_DTYPES };

// Bidirectional broadcast: a 1 in the target shape keeps the input's dimension.
function outShape(node: NodeLike): number[] {
  return broadcastShapes([node.inputs[0]!.shape, paramInput(node, 1, 'shape')!]);
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: outShape(node) }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!, shape = outShape(node);
  return stridedCopy(x.data, node.outputs[0].data, shape, broadcastStrides(x.shape, shape), 0);
}
