// tinyonnx.int8:QConcat — Concat of int8/uint8 tensors into one quantization: input i is copied
// when shift[i] is 0 (same scale and zero point as y), else requantized through a 256-entry
// table: clamp(y_zp + roundHalfEven((x - x_zero_points[i]) * multiplier[i] / 2^shift[i])).
// Attributes: axis, x_zero_points, multiplier, shift (one entry per input), y_zero_point,
// output_dtype.
import { Meta, Infer, Node, fail } from '../kernel';
import { normAxis } from '../util/shape';
import { rqTable, isInt8Type, outDtype, tableOffset, INT8_DOMAIN } from '../util/int8-requant';

export var meta: Meta = { op: 'QConcat', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer: Infer = function (node) {
  var first = node.inputs[0]!, rank = first.shape.length, axis = normAxis(node.attrs.axis | 0, rank), total = 0;
  var n = node.inputs.length;
  if (!node.attrs.multiplier || node.attrs.multiplier.length !== n || !node.attrs.shift || node.attrs.shift.length !== n)
    fail('multiplier and shift must have one entry per input (' + n + ')');
  for (var i = 0; i < n; i++) {
    var s = node.inputs[i]!.shape;
    if (!isInt8Type(node.inputs[i]!.dtype)) fail('inputs must be int8 or uint8');
    if (s.length !== rank) fail('input ' + i + ' has rank ' + s.length + ', input 0 has rank ' + rank);
    for (var d = 0; d < rank; d++) if (d !== axis && s[d] !== first.shape[d]) fail('input ' + i + ' of shape [' + s + '] does not match [' + first.shape + '] off axis ' + axis);
    total += s[axis];
  }
  var out = first.shape.slice();
  out[axis] = total;
  return [{ dtype: outDtype(node.attrs), shape: out }];
};

export function prepare(node: Node) {
  var a = node.attrs, Y = node.outputs[0], y = Y.data, rank = Y.shape.length, axis = normAxis(a.axis | 0, rank);
  var outer = 1, after = 1;
  for (var d = 0; d < axis; d++) outer *= Y.shape[d];
  for (var d = axis + 1; d < rank; d++) after *= Y.shape[d];
  var rowOut = Y.shape[axis] * after, n = node.inputs.length, zy = a.y_zero_point | 0;
  var lo = Y.dtype === 2 ? 0 : -128, hi = Y.dtype === 2 ? 255 : 127;
  var xs: any[] = [], rows: number[] = [], tables: (Float64Array | null)[] = [], offs: number[] = [];
  for (var i = 0; i < n; i++) {
    var X = node.inputs[i]!;
    xs.push(X.data); rows.push(X.shape[axis] * after); offs.push(tableOffset(X.dtype));
    tables.push(a.shift[i] === 0 ? null : rqTable(X.dtype, a.x_zero_points ? a.x_zero_points[i] : 0, a.multiplier[i], a.shift[i], zy, lo, hi));
  }
  return function () {
    for (var o = 0; o < outer; o++) {
      var p = o * rowOut;
      for (var i = 0; i < n; i++) {
        var x = xs[i], r = rows[i], q = o * r, t = tables[i], off = offs[i];
        if (t) for (var j = 0; j < r; j++) y[p++] = t[x[q + j] + off];
        else for (var j = 0; j < r; j++) y[p++] = x[q + j];
      }
    }
  };
}
