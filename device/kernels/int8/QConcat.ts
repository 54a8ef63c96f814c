// tinyonnx.int8:QConcat — Concat of int8/uint8 tensors into one quantization: input i is copied
// when shift[i] is 0 (same scale and zero point as y), else requantized through a 256-entry
// table: clamp(y_zp + roundHalfEven((x - x_zero_points[i]) * multiplier[i] / 2^shift[i])), or,
// when lut[i] is 1, through a table given as an input (after the data inputs, in order): the
// converter's copy of onnxruntime's float32 QLinearConcat tables, so imports agree bit for bit.
// Attributes: axis, x_zero_points, multiplier, shift (one entry per data input), lut (optional),
// y_zero_point, output_dtype.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { normAxis } from '../shape';
import { rqTable, isInt8Type, outDtype, tableOffset } from './requant';
import { INT8_DOMAIN } from './domain';

export var meta: Meta = { op: 'QConcat', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer: Infer = function (node) {
  var first = node.inputs[0]!, rank = first.shape.length, axis = normAxis(node.attrs.axis | 0, rank), total = 0;
  var n = dataInputs(node);
  for (var k = n; k < node.inputs.length; k++) {
    var t = node.inputs[k]!;
    if (!isInt8Type(t.dtype) || t.shape.length !== 1 || t.shape[0] !== 256) fail('input ' + k + ' must be a table of 256 int8 or uint8 entries');
  }
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

// The data inputs come first; one table input follows for every lut[i] set.
function dataInputs(node: { inputs: any[]; attrs: any }): number {
  var lut = node.attrs.lut, tables = 0;
  if (lut) for (var i = 0; i < lut.length; i++) if (lut[i]) tables++;
  var n = node.inputs.length - tables;
  if (lut && lut.length !== n) fail('lut must have one entry per data input (' + n + ')');
  return n;
}

export function prepare(node: Node) {
  var a = node.attrs, Y = node.outputs[0], y = Y.data, rank = Y.shape.length, axis = normAxis(a.axis | 0, rank);
  var outer = 1, after = 1;
  for (var d = 0; d < axis; d++) outer *= Y.shape[d];
  for (var d = axis + 1; d < rank; d++) after *= Y.shape[d];
  var rowOut = Y.shape[axis] * after, n = dataInputs(node), nt = n, zy = a.y_zero_point | 0;
  var lo = Y.dtype === 2 ? 0 : -128, hi = Y.dtype === 2 ? 255 : 127;
  var xs: any[] = [], rows: number[] = [], tables: any[] = [], offs: number[] = [];
  for (var i = 0; i < n; i++) {
    var X = node.inputs[i]!;
    xs.push(X.data); rows.push(X.shape[axis] * after); offs.push(tableOffset(X.dtype));
    if (a.lut && a.lut[i]) tables.push(node.inputs[nt++]!.data);
    else tables.push(a.shift[i] === 0 ? null : rqTable(X.dtype, a.x_zero_points ? a.x_zero_points[i] : 0, a.multiplier[i], a.shift[i], zy, lo, hi));
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
