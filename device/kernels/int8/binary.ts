// Output type of the int8 binary ops (QAdd, QMul): broadcast shape, int8 or uint8 per attrs.
import { fail } from '../contract';
import { Infer } from '../infer';
import { broadcastShapes } from '../shape';
import { isInt8Type, outDtype } from './requant';

export var inferInt8Binary: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[1]!;
  if (!isInt8Type(a.dtype) || !isInt8Type(b.dtype)) fail('a and b must be int8 or uint8');
  return [{ dtype: outDtype(node.attrs), shape: broadcastShapes([a.shape, b.shape]) }];
};
