import { Node } from '../contract';
import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';
import { isFloat } from '../../dtype';

export var meta: Meta = { op: 'Div', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer = inferBinary();
var divFloat = binaryOp(function (a, b) { return a / b; });
// Integer division truncates toward zero (storing into an integer array does exactly that);
// division by zero gives 0 rather than a crash, as a device cannot trap.
var divInt = binaryOp(function (a, b) { return b === 0 ? 0 : a / b; });
export function prepare(node: Node) {
  return isFloat(node.outputs[0].dtype) ? divFloat(node) : divInt(node);
}
