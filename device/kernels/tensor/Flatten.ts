import { Meta, Infer } from '../infer';
import { copyPrepare } from './copy';

export var meta: Meta = { op: 'Flatten', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, rank = x.shape.length;
  var axis = node.attrs.axis === undefined ? 1 : node.attrs.axis;
  if (axis < 0) axis += rank;
  var a = 1, b = 1;
  for (var i = 0; i < rank; i++) { if (i < axis) a *= x.shape[i]; else b *= x.shape[i]; }
  return [{ dtype: x.dtype, shape: [a, b] }];
};
export var prepare = copyPrepare;
