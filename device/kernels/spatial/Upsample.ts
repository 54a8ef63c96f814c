import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';
import { resizeParams, axisTable, resamplePrepare, AxisTable } from './resample';

export var meta: Meta = { op: 'Upsample', domain: '', since: 7, until: 9, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };

// Scales as an attribute (opset 7-8) or input 1 (opset 9); asymmetric coordinates, nearest
// rounds down (up when downsampling), linear blends neighbours.
function scalesOf(node: InferNode | Node, get: (i: number) => ArrayLike<number> | null) {
  return node.opset < 9 ? node.attrs.scales as number[] : get(1);
}

export var infer: Infer = function (node) {
  var p = resizeParams(node.inputs[0]!.shape, node.attrs, node.opset, null, scalesOf(node, function (i) { return constInput(node, i, 'scales'); }), null);
  return [{ dtype: node.inputs[0]!.dtype, shape: p.out }];
};

export function prepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0];
  var p = resizeParams(X.shape, node.attrs, node.opset, null, scalesOf(node, function (i) { return node.inputs[i] ? node.inputs[i]!.data : null; }), null);
  var mode = node.attrs.mode || 'nearest';
  if (mode === 'bilinear') mode = 'linear';
  if (mode !== 'nearest' && mode !== 'linear') fail('mode ' + mode + ' is not supported');
  var tables: AxisTable[] = [];
  for (var d = 0; d < X.shape.length; d++)
    tables.push(axisTable(mode, 'asymmetric', 'simple', -0.75, false, false, X.shape[d], p.out[d], p.scale[d], p.exact[d], p.lenR[d], 0, 1));
  return resamplePrepare(X.data, Y.data, X.shape, p.out, tables, 0);
}
