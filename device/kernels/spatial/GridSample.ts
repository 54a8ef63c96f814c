import { Node, fail } from '../contract';
import { Meta, Infer, InferNode } from '../infer';
import { denormalize, reflect, cubicCoeffs, rint } from './grid';

export var meta: Meta = { op: 'GridSample', domain: '', since: 16, dtypes: ['float32', 'float64'] };

// X [N, C, D1..Dk], grid [N, O1..Ok, k] with the last axis in reverse order (x = Dk first).
// Opset 16 is 2-D and names the modes bilinear/bicubic; 20+ is k-D with linear/cubic.
function check(node: InferNode | Node) {
  var xs = node.inputs[0]!.shape, gs = node.inputs[1]!.shape, k = xs.length - 2;
  if (k < 1 || gs.length !== k + 2 || gs[0] !== xs[0] || gs[k + 1] !== k)
    fail('grid [' + gs + '] does not fit X [' + xs + ']: expected [N, out dims..., ' + k + ']');
  var out = [xs[0], xs[1]];
  for (var i = 1; i <= k; i++) out.push(gs[i]);
  return out;
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: check(node) }];
};

export function prepare(node: Node) {
  check(node);
  var xs = node.inputs[0]!.shape, k = xs.length - 2, N = xs[0], C = xs[1];
  var x = node.inputs[0]!.data, g = node.inputs[1]!.data, y = node.outputs[0].data;
  var mode = node.attrs.mode || (node.opset >= 20 ? 'linear' : 'bilinear');
  mode = mode === 'bilinear' ? 'linear' : mode === 'bicubic' ? 'cubic' : mode;
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'cubic') fail('mode ' + mode + ' is not supported');
  var pad = node.attrs.padding_mode || 'zeros', align = node.attrs.align_corners === 1;
  var T = mode === 'nearest' ? 1 : mode === 'linear' ? 2 : 4;
  var S = 1, stride: number[] = [], P = N * C ? y.length / (N * C) : 0;   // S input, P output positions per channel
  for (var i = k - 1; i >= 0; i--) { stride[i] = S; S *= xs[2 + i]; }
  var combos = 1;
  for (var i = 0; i < k; i++) combos *= T;
  var ti = new Int32Array(k * T), tw = new Float64Array(k * T), co = new Int32Array(combos), cw = new Float64Array(combos), cnt = new Int32Array(k);
  function fetchIndex(i: number, d: number, lo: number, hi: number): number {   // -1: zero padding
    var len = xs[2 + d];
    if (pad === 'zeros') return i >= 0 && i < len ? i : -1;
    if (pad === 'border') return i < 0 ? 0 : i >= len ? len - 1 : i;
    return reflect(i, lo, hi) | 0;
  }
  return function () {
    for (var n = 0; n < N; n++) for (var p = 0; p < P; p++) {
      var go = (n * P + p) * k;
      for (var d = 0; d < k; d++) {
        var len = xs[2 + d], lo = align ? 0 : -0.5, hi = align ? len - 1 : len - 0.5;
        var v = denormalize(g[go + k - 1 - d], len, align);
        if (mode === 'nearest') v = rint(v);
        // Linear/nearest fold the coordinate itself; cubic only its taps (as onnxruntime and PyTorch).
        if (mode !== 'cubic' && (v < lo || v > hi)) v = pad === 'border' ? (v < 0 ? 0 : v > len - 1 ? len - 1 : v) : pad === 'reflection' ? reflect(v, lo, hi) : v;
        var o = d * T;
        if (mode === 'nearest') { ti[o] = fetchIndex(v < 0 ? Math.ceil(v) : Math.floor(v), d, lo, hi); tw[o] = 1; continue; }
        var x0 = Math.floor(v), t = v - x0;
        if (mode === 'linear') { tw[o] = 1 - t; tw[o + 1] = t; } else { cubicCoeffs(t, tw, o); x0 -= 1; }
        for (var j = 0; j < T; j++) ti[o + j] = fetchIndex(x0 + j, d, lo, hi);
      }
      // Tensor product of the per-axis taps; taps in zero padding drop out.
      var m = 0;
      for (var d = 0; d < k; d++) cnt[d] = 0;
      for (var q = 0; q < combos; q++) {
        var off = 0, w = 1;
        for (var d = 0; d < k; d++) { var idx = ti[d * T + cnt[d]]; if (idx < 0) { w = 0; break; } off += idx * stride[d]; w *= tw[d * T + cnt[d]]; }
        if (w !== 0) { co[m] = off; cw[m] = w; m++; }
        for (var d = k - 1; d >= 0; d--) { if (++cnt[d] < T) break; cnt[d] = 0; }
      }
      for (var c = 0; c < C; c++) {
        var xb = (n * C + c) * S, s = 0;
        for (var j = 0; j < m; j++) s += cw[j] * x[xb + co[j]];
        y[(n * C + c) * P + p] = s;
      }
    }
  };
}
