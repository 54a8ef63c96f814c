// tinyonnx.int8:QLookup — y = table[x]: any element-wise function of one int8/uint8 tensor
// (Sigmoid, Tanh, LeakyRelu, HardSwish, x * c, ... and chains of them) as a 256-entry table
// built at build time by running the float kernels on every dequantized input value and
// quantizing the results (converter/passes/fuseQdq.ts). Nothing is computed at run time, so
// the result is the same in every engine. Inputs: x, table (int8/uint8 constant, 256 entries,
// indexed by x + 128 for int8 x, x for uint8 x); y has the table's element type.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { isInt8Type, tableOffset } from './requant';
import { INT8_DOMAIN } from './domain';
import { sizeOf } from '../../dtype';

export var meta: Meta = { op: 'QLookup', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, t = node.inputs[1]!;
  if (!isInt8Type(x.dtype) || !isInt8Type(t.dtype)) fail('x and table must be int8 or uint8');
  if (sizeOf(t.shape) !== 256) fail('table must have 256 entries, got shape [' + t.shape + ']');
  return [{ dtype: t.dtype, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, t = node.inputs[1]!.data, y = node.outputs[0].data, n = y.length;
  var off = tableOffset(node.inputs[0]!.dtype);
  return function () { for (var i = 0; i < n; i++) y[i] = t[x[i] + off]; };
}
