import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';
import { resizeParams, axisTable, resamplePrepare, AxisTable } from './resample';

export var meta: Meta = { op: 'Resize', domain: '', since: 10, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };

// Inputs: opset 10 (X, scales); 11+ (X, roi, scales, sizes). Opset 10 maps coordinates
// asymmetrically and rounds nearest like Upsample.
function params(node: InferNode | Node, get: (i: number, what: string) => ArrayLike<number> | null) {
  var a = node.attrs, x = node.inputs[0]!;
  if (node.opset < 11) return resizeParams(x.shape, a, node.opset, null, get(1, 'scales'), null);
  var roi = a.coordinate_transformation_mode === 'tf_crop_and_resize' ? get(1, 'roi') : null;
  return resizeParams(x.shape, a, node.opset, roi, get(2, 'scales'), get(3, 'sizes'));
}

export var infer: Infer = function (node) {
  var p = params(node, function (i, what) { return constInput(node, i, what); });
  return [{ dtype: node.inputs[0]!.dtype, shape: p.out }];
};

export function prepare(node: Node) {
  var a = node.attrs, X = node.inputs[0]!, Y = node.outputs[0];
  var p = params(node, function (i) { var t = node.inputs[i]; return t ? t.data : null; });
  var mode = a.mode || 'nearest', old = node.opset < 11;
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'cubic') fail('mode ' + mode + ' is not supported');
  var ctm = old ? 'asymmetric' : a.coordinate_transformation_mode || 'half_pixel';
  var nearest = old ? 'simple' : a.nearest_mode || 'round_prefer_floor';
  var A = a.cubic_coeff_a === undefined ? -0.75 : a.cubic_coeff_a;
  var aa = node.opset >= 18 && a.antialias === 1 && mode !== 'nearest';
  var r = X.shape.length, tables: AxisTable[] = [];
  for (var d = 0; d < r; d++)
    tables.push(axisTable(mode, ctm, nearest, A, a.exclude_outside === 1, aa, X.shape[d], p.out[d], p.scale[d], p.exact[d], p.lenR[d], p.roi[d], p.roi[r + d]));
  return resamplePrepare(X.data, Y.data, X.shape, p.out, tables, a.extrapolation_value || 0);
}
