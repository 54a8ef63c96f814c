import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { FLOAT, INT32 } from '../../dtype';

export var meta: Meta = { op: 'Constant', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

export var infer: Infer = function (node) {
  var a = node.attrs;
  if (a.value) return [{ dtype: a.value.dtype, shape: a.value.shape.slice(), data: a.value.data }];
  if (a.value_float !== undefined) return [{ dtype: FLOAT, shape: [], data: new Float32Array([a.value_float]) }];
  if (a.value_floats) return [{ dtype: FLOAT, shape: [a.value_floats.length], data: new Float32Array(a.value_floats) }];
  if (a.value_int !== undefined) return [{ dtype: INT32, shape: [], data: new Int32Array([a.value_int]) }];
  if (a.value_ints) return [{ dtype: INT32, shape: [a.value_ints.length], data: new Int32Array(a.value_ints) }];
  return fail('Constant has no supported value attribute (value, value_float(s), value_int(s))');
};

// Always folded by the converter; kept for completeness of the contract.
export function prepare(node: Node) {
  var y = node.outputs[0].data, v = node.attrs.value;
  return function () { if (v) y.set(v.data); };
}
