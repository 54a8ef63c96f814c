// Resize/Upsample: output shape from scales or sizes, one 1-D table of source taps and weights
// per axis (built once), and an N-d gather-and-blend over those tables.
import { Attrs, fail } from '../contract';
import { stridesOf } from '../shape';

// Coordinates are computed in float32 steps as onnxruntime does, so nearest picks and
// tf_crop_and_resize's inside/outside tests agree with it at exact ties.
var F32 = new Float32Array(1);
function f32(v: number): number { F32[0] = v; return F32[0]; }

export interface ResizeParams {
  out: number[];
  scale: number[];    // per axis, as the coordinate transforms use it (float32 out/in for sizes)
  exact: number[];    // the same in double precision (asymmetric uses it, as onnxruntime picks do)
  lenR: number[];     // resized length as a real number (scale * in when scales are given)
  roi: number[];      // [starts..., ends...] over all axes
}

// scales/sizes/roi hold one entry per listed axis (attribute `axes`, opset 18+).
export function resizeParams(xShape: number[], attrs: Attrs, opset: number, roi: ArrayLike<number> | null,
                             scales: ArrayLike<number> | null, sizes: ArrayLike<number> | null): ResizeParams {
  var r = xShape.length, axes: number[] = [];
  if (opset >= 18 && attrs.axes) for (var i = 0; i < attrs.axes.length; i++) axes.push(attrs.axes[i] < 0 ? attrs.axes[i] + r : attrs.axes[i]);
  else for (var i = 0; i < r; i++) axes.push(i);
  var k = axes.length, out = xShape.slice(), scale: number[] = [], exact: number[] = [], lenR: number[] = [], rr: number[] = [];
  for (var d = 0; d < r; d++) { scale.push(1); exact.push(1); lenR.push(xShape[d]); rr.push(0); }
  for (var d = 0; d < r; d++) rr.push(1);
  for (var i = 0; i < k; i++) if (!(axes[i] >= 0 && axes[i] < r)) fail('axes ' + attrs.axes + ' out of range for rank ' + r);
  if (sizes && sizes.length) {
    if (sizes.length !== k) fail('sizes has ' + sizes.length + ' entries, expected ' + k);
    var policy = attrs.keep_aspect_ratio_policy || 'stretch';
    if (policy === 'stretch') {
      for (var i = 0; i < k; i++) { var d = axes[i]; out[d] = sizes[i]; scale[d] = f32(sizes[i] / xShape[d]); exact[d] = sizes[i] / xShape[d]; lenR[d] = sizes[i]; }
    } else {
      if (policy !== 'not_larger' && policy !== 'not_smaller') fail('keep_aspect_ratio_policy ' + policy + ' is not supported');
      var s = policy === 'not_larger' ? Infinity : -Infinity;
      for (var i = 0; i < k; i++) {
        var si = f32(sizes[i] / xShape[axes[i]]);
        s = policy === 'not_larger' ? (si < s ? si : s) : (si > s ? si : s);
      }
      for (var i = 0; i < k; i++) { var d = axes[i]; scale[d] = s; exact[d] = s; lenR[d] = s * xShape[d]; out[d] = Math.floor(f32(lenR[d]) + 0.5); }
    }
  } else if (scales && scales.length) {
    if (scales.length !== k) fail('scales has ' + scales.length + ' entries, expected ' + k);
    for (var i = 0; i < k; i++) {
      var d = axes[i];
      if (!(scales[i] > 0)) fail('scales must be positive, got ' + scales[i]);
      scale[d] = scales[i]; exact[d] = scales[i]; lenR[d] = scales[i] * xShape[d]; out[d] = Math.floor(lenR[d]);
    }
  } else fail('one of scales and sizes must be given');
  if (roi && roi.length) {
    if (roi.length !== 2 * k) fail('roi has ' + roi.length + ' entries, expected ' + 2 * k);
    for (var i = 0; i < k; i++) { rr[axes[i]] = roi[i]; rr[r + axes[i]] = roi[k + i]; }
  }
  return { out: out, scale: scale, exact: exact, lenR: lenR, roi: rr };
}

export interface AxisTable { n: number; idx: Int32Array; w: Float64Array; outside: Uint8Array | null; identity: boolean }

function cubicK(x: number, A: number): number {
  if (x < 0) x = -x;
  if (x <= 1) return ((A + 2) * x - (A + 3)) * x * x + 1;
  if (x < 2) return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  return 0;
}

// mode: 'nearest' | 'linear' | 'cubic'; ctm: coordinate_transformation_mode; nearest: nearest_mode
// ('simple' is Upsample/Resize-10: ceil when downsampling, floor otherwise).
export function axisTable(mode: string, ctm: string, nearest: string, A: number, exclude: boolean, antialias: boolean,
                          inN: number, outN: number, scale: number, exact: number, lenR: number, r0: number, r1: number): AxisTable {
  var s = antialias && scale < 1 ? scale : 1;
  var start = mode === 'nearest' ? 0 : mode === 'linear' ? Math.floor(-1 / s) + 1 : Math.floor(-2 / s) + 1;
  var n = mode === 'nearest' ? 1 : 2 - 2 * start;
  var idx = new Int32Array(outN * n), w = new Float64Array(outN * n), outside: Uint8Array | null = null;
  var identity = inN === outN;
  for (var o = 0; o < outN; o++) {
    var x: number;
    switch (ctm) {
      case 'asymmetric': x = f32(o / exact); break;
      case 'align_corners': x = lenR === 1 ? 0 : f32(o * (inN - 1) / (lenR - 1)); break;
      case 'pytorch_half_pixel': x = outN > 1 ? f32(f32(f32(o + 0.5) / scale) - 0.5) : 0; break;
      case 'tf_half_pixel_for_nn': x = (o + 0.5) / exact; break;
      case 'half_pixel_symmetric':
        x = f32(f32(inN / 2 * f32(1 - f32(outN / f32(scale * inN)))) + (o + 0.5) / scale - 0.5); break;
      case 'tf_crop_and_resize':
        x = lenR > 1 ? f32(f32(r0 * (inN - 1)) + f32(f32(o * f32(r1 - r0) * (inN - 1)) / (lenR - 1))) : f32(0.5 * (r0 + r1) * (inN - 1));
        if (x < 0 || x > inN - 1) { if (!outside) outside = new Uint8Array(outN); outside[o] = 1; identity = false; continue; }
        break;
      case 'half_pixel': x = f32(f32(f32(o + 0.5) / scale) - 0.5); break;
      default: return fail('coordinate_transformation_mode ' + ctm + ' is not supported');
    }
    var p = o * n;
    if (mode === 'nearest' && exact === 1 && ctm !== 'tf_crop_and_resize') { idx[p] = o; w[p] = 1; continue; }   // onnxruntime maps scale 1 one-to-one
    if (mode === 'nearest') {
      var f = Math.floor(x), fr = x - f, i: number;
      if (nearest === 'round_prefer_floor') i = fr <= 0.5 ? f : f + 1;
      else if (nearest === 'round_prefer_ceil') i = fr < 0.5 ? f : f + 1;
      else if (nearest === 'floor') i = f;
      else if (nearest === 'ceil') i = fr > 0 ? f + 1 : f;
      else if (nearest === 'simple') i = scale < 1 ? (fr > 0 ? f + 1 : f) : f;
      else return fail('nearest_mode ' + nearest + ' is not supported');
      idx[p] = i < 0 ? 0 : i >= inN ? inN - 1 : i; w[p] = 1;
    } else {
      // Taps base+start .. base+start+n-1 around x, base = ceil(x) - 1 (the left one on exact hits).
      var base = Math.ceil(x) - 1, sum = 0;
      for (var t = 0; t < n; t++) {
        var j = base + start + t, d = (j - x) * s;
        var v = mode === 'linear' ? (d < 0 ? 1 + d : 1 - d) : cubicK(d, A);
        if (v < 0 && mode === 'linear') v = 0;
        if (exclude && (j < 0 || j >= inN)) v = 0;
        w[p + t] = v; sum += v;
        idx[p + t] = j < 0 ? 0 : j >= inN ? inN - 1 : j;
      }
      if (antialias || exclude) for (var t = 0; t < n; t++) w[p + t] /= sum;
    }
    for (var t = 0; t < n; t++) if (w[p + t] !== 0 && (idx[p + t] !== o || w[p + t] !== 1)) identity = false;
  }
  return { n: n, idx: idx, w: w, outside: outside, identity: identity };
}

// y[o] = Σ over the taps of each resampled axis of (Π weights) · x[source]; single-tap axes
// (nearest, untouched) only move the source offset. `extra` is written where a
// tf_crop_and_resize coordinate falls outside the input.
export function resamplePrepare(x: ArrayLike<number>, y: { [i: number]: number; length: number }, inShape: number[], outShape: number[],
                                tables: AxisTable[], extra: number) {
  var r = outShape.length, st = stridesOf(inShape), total = y.length;
  var soff: Int32Array[] = [], multi: number[] = [], moff: Int32Array[] = [], mw: Float64Array[] = [], mn: number[] = [];
  var flags: (Uint8Array | null)[] = [];
  for (var d = 0; d < r; d++) {
    var t = tables[d], O = outShape[d], so = new Int32Array(O);
    flags.push(t.outside);
    if (t.identity) for (var o = 0; o < O; o++) so[o] = o * st[d];
    else if (t.n === 1) for (var o = 0; o < O; o++) so[o] = t.idx[o] * st[d];
    else {
      var off = new Int32Array(t.idx.length);
      for (var i = 0; i < off.length; i++) off[i] = t.idx[i] * st[d];
      multi.push(d); moff.push(off); mw.push(t.w); mn.push(t.n);
    }
    soff.push(so);
  }
  var m = multi.length, c = new Int32Array(r), rows = new Int32Array(m);
  var a0 = m > 0 ? multi[0] : 0, a1 = m > 1 ? multi[1] : 0;
  var off0 = moff[0], w0 = mw[0], n0 = mn[0], off1 = moff[1], w1 = mw[1], n1 = mn[1];
  function deep(level: number, off: number): number {
    var n = mn[level], p = rows[level] * n, of = moff[level], w = mw[level], s = 0;
    for (var t = 0; t < n; t++) {
      var wt = w[p + t];
      if (wt !== 0) s += wt * (level === m - 1 ? x[off + of[p + t]] : deep(level + 1, off + of[p + t]));
    }
    return s;
  }
  return function () {
    if (total === 0) return;
    for (var d = 0; d < r; d++) c[d] = 0;
    var base = 0, out = 0;
    for (var d = 0; d < r; d++) { base += soff[d][0]; if (flags[d] && flags[d]![0]) out++; }
    for (var o = 0; o < total; o++) {
      if (out > 0) y[o] = extra;
      else if (m === 0) y[o] = x[base];
      else if (m === 1) {
        var p = c[a0] * n0, s = 0;
        for (var t = 0; t < n0; t++) s += w0[p + t] * x[base + off0[p + t]];
        y[o] = s;
      } else if (m === 2) {
        var p = c[a0] * n0, q = c[a1] * n1, s = 0;
        for (var t = 0; t < n0; t++) {
          var wt = w0[p + t];
          if (wt === 0) continue;
          var b = base + off0[p + t], s1 = 0;
          for (var u = 0; u < n1; u++) s1 += w1[q + u] * x[b + off1[q + u]];
          s += wt * s1;
        }
        y[o] = s;
      } else {
        for (var j = 0; j < m; j++) rows[j] = c[multi[j]];
        y[o] = deep(0, base);
      }
      // Advance the output coordinate; the source base follows the single-tap axes.
      for (var d = r - 1; d >= 0; d--) {
        var sd = soff[d], fd = flags[d];
        base -= sd[c[d]]; if (fd && fd[c[d]]) out--;
        if (++c[d] < outShape[d]) { base += sd[c[d]]; if (fd && fd[c[d]]) out++; break; }
        c[d] = 0; base += sd[0]; if (fd && fd[0]) out++;
      }
    }
  };
}
