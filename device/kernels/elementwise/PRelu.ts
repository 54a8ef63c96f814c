import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { binary } from './broadcast';
import { broadcastShapes } from '../shape';

export var meta: Meta = { op: 'PRelu', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'int16'] };

// Before opset 7 a 1-D slope holds one value per channel (axis 1); since then it broadcasts
// (unidirectionally) to X.
function slopeShape(opset: number, x: number[], s: number[]): number[] {
  if (opset >= 7 || s.length !== 1 || s[0] === 1 || x.length < 2 || s[0] !== x[1]) return s;
  var r = [s[0]];
  for (var d = 2; d < x.length; d++) r.push(1);
  return r;
}

export var infer: Infer = function (node) {
  var X = node.inputs[0]!, S = node.inputs[1]!;
  return [{ dtype: X.dtype, shape: broadcastShapes([X.shape, slopeShape(node.opset, X.shape, S.shape)]) }];
};

var prelu = binary(function (x, s) { return x < 0 ? s * x : x; });
export function prepare(node: Node) {
  var X = node.inputs[0]!, S = node.inputs[1]!;
  return prelu({ op: node.op, name: node.name, opset: node.opset, attrs: node.attrs, graphs: node.graphs, outputs: node.outputs,
    inputs: [X, { dtype: S.dtype, shape: slopeShape(node.opset, X.shape, S.shape), data: S.data, quant: S.quant }] });
}
