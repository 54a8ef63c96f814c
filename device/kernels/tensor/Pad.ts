import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { ALL_DTYPES, NodeLike, paramInput, normAxes } from './common';
import { stridesOf } from '../shape';

export var meta: Meta = { op: 'Pad', domain: '', since: 1, dtypes: ALL_DTYPES };

// Begin/end pads per axis: attribute `paddings` (opset 1) or `pads` (2-10), input 1 from 11
// with optional axes (input 3, opset 18). Negative pads crop.
function plan(node: NodeLike) {
  var shape = node.inputs[0]!.shape, rank = shape.length;
  var pads: number[] = node.opset < 2 ? node.attrs.paddings : node.opset < 11 ? node.attrs.pads : paramInput(node, 1, 'pads')!;
  var axes = node.opset >= 18 ? paramInput(node, 3, 'axes') : null;
  var a: number[] = [];
  if (axes) a = normAxes(axes, rank); else for (var i = 0; i < rank; i++) a.push(i);
  if (!pads || pads.length !== 2 * a.length) fail('pads has ' + (pads ? pads.length : 0) + ' values, expected ' + 2 * a.length);
  var begin: number[] = [], out: number[] = [];
  for (var d = 0; d < rank; d++) { begin.push(0); out.push(shape[d]); }
  for (var i = 0; i < a.length; i++) {
    begin[a[i]] = pads[i];
    out[a[i]] = shape[a[i]] + pads[i] + pads[i + a.length];
    if (out[a[i]] < 0) fail('pads [' + pads + '] crop axis ' + a[i] + ' below zero');
  }
  var mode = node.attrs.mode || 'constant';
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge' && mode !== 'wrap') fail('unknown mode \'' + mode + '\'');
  return { begin: begin, out: out, mode: mode };
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: plan(node).out }];
};

// Per output axis, a table of input offsets (-1 where the constant goes); the innermost axis
// is a loop over its table, the outer axes an odometer.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, p = plan(node), shape = X.shape;
  var rank = shape.length, s = stridesOf(shape), tabs: Int32Array[] = [], n = y.length;
  for (var d = 0; d < rank; d++) {
    var dim = shape[d], t = new Int32Array(p.out[d]);
    for (var i = 0; i < p.out[d]; i++) {
      var j = i - p.begin[d];
      if (j < 0 || j >= dim) {
        if (p.mode === 'constant' || dim === 0) j = -1;
        else if (p.mode === 'edge') j = j < 0 ? 0 : dim - 1;
        else if (p.mode === 'wrap') j = ((j % dim) + dim) % dim;
        else if (dim === 1) j = 0;
        else { var per = 2 * (dim - 1); j = ((j % per) + per) % per; if (j >= dim) j = per - j; }
      }
      t[i] = j < 0 ? -1 : j * s[d];
    }
    tabs.push(t);
  }
  var cv = p.mode !== 'constant' ? null : node.opset < 11 ? node.attrs.value || 0 : node.inputs[2] || null;
  var inner = rank ? p.out[rank - 1] : 1, ti = rank ? tabs[rank - 1] : new Int32Array(1), idx: number[] = [];
  // The innermost row copies x contiguously over [lo, hi) and uses its table only at the edges.
  var b = rank ? p.begin[rank - 1] : 0, lo = b > 0 ? b : 0, hi = rank ? b + shape[rank - 1] : 1;
  if (hi > inner) hi = inner;
  if (hi < lo) hi = lo;
  for (var d = 0; d < rank; d++) idx.push(0);
  return function () {
    var c = cv === null ? 0 : typeof cv === 'number' ? cv : cv.data.length ? cv.data[0] : 0;
    var o = 0;
    for (var d = 0; d < rank; d++) idx[d] = 0;
    while (o < n) {
      var q = 0, ok = true;
      for (var d = 0; d < rank - 1; d++) { var v = tabs[d][idx[d]]; if (v < 0) ok = false; q += v; }
      if (ok) {
        for (var i = 0; i < lo; i++) { var v = ti[i]; y[o + i] = v < 0 ? c : x[q + v]; }
        for (var i = lo, r = q - b; i < hi; i++) y[o + i] = x[r + i];
        for (var i = hi; i < inner; i++) { var v = ti[i]; y[o + i] = v < 0 ? c : x[q + v]; }
      } else for (var i = 0; i < inner; i++) y[o + i] = c;
      o += inner;
      for (var k = rank - 2; k >= 0; k--) { if (++idx[k] < p.out[k]) break; idx[k] = 0; }
    }
  };
}
