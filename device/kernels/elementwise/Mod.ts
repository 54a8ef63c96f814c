import { Node } from '../contract';
import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';

export var meta: Meta = { op: 'Mod', domain: '', since: 10, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBinary();
// fmod=1: C fmod, the sign of the dividend (JS %). fmod=0: the sign of the divisor (Python %).
// x mod 0 is NaN, which integer outputs store as 0.
var cmod = binaryOp(function (a, b) { return a % b; });
var pymod = binaryOp(function (a, b) {
  var r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
});
export function prepare(node: Node) {
  return node.attrs.fmod === 1 ? cmod(node) : pymod(node);
}
