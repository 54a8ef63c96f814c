import { fail, constInput } from '../contract';
import { Meta, Infer } from '../infer';
import { copyPrepare } from './copy';
import { sizeOf } from '../../dtype';

export var meta: Meta = { op: 'Reshape', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  var spec: ArrayLike<number>;
  if (node.opset < 5) spec = node.attrs.shape;
  else spec = constInput(node, 1, 'the target shape')!;
  var allowzero = node.attrs.allowzero === 1;
  var out: number[] = [], infer = -1, known = 1;
  for (var i = 0; i < spec.length; i++) {
    var d = spec[i];
    if (d === 0 && !allowzero) d = x.shape[i];
    if (d === -1) { if (infer >= 0) fail('more than one -1 in the target shape'); infer = i; out.push(1); continue; }
    out.push(d); known *= d;
  }
  var total = sizeOf(x.shape);
  if (infer >= 0) out[infer] = known === 0 ? 0 : total / known;
  if (sizeOf(out) !== total || (infer >= 0 && out[infer] % 1 !== 0))
    fail('cannot reshape [' + x.shape.join(',') + '] to [' + Array.prototype.join.call(spec, ',') + ']');
  return [{ dtype: x.dtype, shape: out }];
};
export var prepare = copyPrepare;
