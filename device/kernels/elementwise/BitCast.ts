import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ARRAY_OF, DTYPE_NAME, bytesPer } from '../../dtype';

export var meta: Meta = { op: 'BitCast', domain: '', since: 26, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

// Both types as stored: int64/uint64 are narrowed to 32 bits and float16 widened, so casts
// involving them cannot keep the bit pattern and are refused by the size check.
export var infer: Infer = function (node) {
  var x = node.inputs[0]!, to = node.attrs.to;
  if (typeof to !== 'number') fail('attribute \'to\' (the element type) is missing');
  var B = ARRAY_OF[to];
  if (!B) fail('bit-casting to element type ' + (DTYPE_NAME[to] || to) + ' is not supported');
  if (bytesPer(x.dtype) !== bytesPer(to))
    fail('cannot bit-cast ' + DTYPE_NAME[x.dtype] + ' to ' + DTYPE_NAME[to] + ' as stored (' + bytesPer(x.dtype) * 8 + ' vs ' +
      bytesPer(to) * 8 + ' bits; tinyonnx keeps int64 as int32 and float16 as float32)');
  return [{ dtype: to, shape: x.shape.slice() }];
};

// Reads the input's bytes through a view of the output's type (little-endian, as ONNX asks).
export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var Ctor = ARRAY_OF[node.outputs[0].dtype]!;
  var view = new Ctor(x.buffer as ArrayBuffer, x.byteOffset, x.length);
  return function () { y.set(view); };
}
