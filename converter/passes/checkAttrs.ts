// Attribute values checked against the ONNX operator specs before any kernel sees them, so a
// missing, wrong-typed or out-of-range attribute is one line naming the node and attribute rather
// than a NaN or 'undefined' deep in an infer or in load(). Declarative: the kind an attribute
// name has across the ai.onnx ops, the attributes each op requires, and the smallest value the
// whole-number ones may take. Window geometry bounds (pads, strides up to 65535) are checkLimits'.
import { Node, AttrType } from '../ir';
import { userError, oneLine } from '../../base/errors';

var KIND_NAMES: Record<string, string> = { int: 'a whole number', ints: 'a list of whole numbers', float: 'a number', floats: 'a list of numbers',
  string: 'a string', strings: 'a list of strings', tensor: 'a tensor', graph: 'a graph' };

// An attribute name means the same kind in every ai.onnx op that has it (ONNX operator specs).
var KIND: Record<string, AttrType> = Object.create(null);
function kinds(type: AttrType, names: string) { for (var n of names.split(' ')) KIND[n] = type; }
kinds('ints', 'pads strides dilations kernel_shape perm output_padding output_shape scan_input_axes scan_output_axes ' +
  'scan_input_directions scan_output_directions value_ints starts ends axes split');
kinds('int', 'axis k blocksize hidden_size num_scan_inputs keepdims group to batch_axis time_axis exclusive reverse largest sorted ' +
  'upper ceil_mode count_include_pad storage_order select_last_index input_forget layout noop_with_empty_axes center_point_box ' +
  'batch_dims allowzero detect_negative detect_positive stash_type num_outputs fmod saturate onesided inverse exclude_outside ' +
  'antialias sampling_ratio output_height output_width training_mode value_int size');
kinds('float', 'alpha beta epsilon gamma lambd momentum ratio clip extrapolation_value cubic_coeff_a spatial_scale value_float');
kinds('string', 'mode auto_pad direction equation coordinate_transformation_mode nearest_mode keep_aspect_ratio_policy reduction ' +
  'approximate padding_mode value_string');
kinds('floats', 'activation_alpha activation_beta value_floats scales');
kinds('strings', 'activations value_strings');
kinds('graph', 'body then_branch else_branch');

// Attributes an op cannot do without: [op, attribute, first opset, last opset].
var REQUIRED: [string, string, number, number][] = [
  ['TopK', 'k', 1, 9], ['SpaceToDepth', 'blocksize', 1, 1e9], ['DepthToSpace', 'blocksize', 1, 1e9],
  ['LSTM', 'hidden_size', 1, 1e9], ['GRU', 'hidden_size', 1, 1e9], ['RNN', 'hidden_size', 1, 1e9],
  ['MaxPool', 'kernel_shape', 1, 1e9], ['AveragePool', 'kernel_shape', 1, 1e9], ['LpPool', 'kernel_shape', 1, 1e9],
  ['MaxUnpool', 'kernel_shape', 1, 1e9], ['Scan', 'num_scan_inputs', 1, 1e9], ['Concat', 'axis', 4, 1e9], ['Einsum', 'equation', 1, 1e9],
  ['LRN', 'size', 1, 1e9], ['Slice', 'starts', 1, 9], ['Slice', 'ends', 1, 9], ['Unsqueeze', 'axes', 1, 12],
];

// The least value of whole-number attributes (each element, for lists).
var AT_LEAST: Record<string, number> = Object.assign(Object.create(null), { blocksize: 1, hidden_size: 1, num_scan_inputs: 1, group: 1, 'TopK.k': 0, kernel_shape: 1, size: 1 });

/** Checks one ai.onnx node's attributes; `at` names the node in the message. */
export function checkNodeAttrs(node: Node, opset: number, at: string): void {
  if (node.domain !== '') return;
  for (var [op, name, from, to] of REQUIRED)
    if (op === node.op && opset >= from && opset <= to && !Object.prototype.hasOwnProperty.call(node.attrs, name))
      userError(`${at}: attribute '${name}' is missing; ${op} (opset ${opset}) needs it`);
  for (var k of Object.keys(node.attrs)) {
    var a = node.attrs[k], want = KIND[k];
    if (node.op === 'Constant' || node.op === 'ConstantOfShape' || !want) continue;   // value_*: the Constant kernel checks them
    if (a.type !== want && !(want === 'float' && a.type === 'int')) userError(`${at}: attribute ${oneLine(k)} must be ${KIND_NAMES[want]}, got ${KIND_NAMES[a.type] || a.type}`);
    var least = AT_LEAST[node.op + '.' + k] !== undefined ? AT_LEAST[node.op + '.' + k] : AT_LEAST[k];
    if (least === undefined) continue;
    var vals: number[] = want === 'ints' ? a.value : [a.value];
    for (var v of vals)
      if (!(Number.isInteger(v) && v >= least))
        userError(`${at}: attribute ${oneLine(k)} is ${want === 'ints' ? '[' + vals.join(',') + ']' : v}; it must be ${want === 'ints' ? 'whole numbers' : 'a whole number'} >= ${least}`);
  }
}
