// tinyonnx.int8:QMaxPool on the wasm core ("maxpool", targets/wasm/int8Wat.ts) when the max is
// copied (no multiplier: equal input and output quantization, the usual case): x copied into
// wasm memory, the window maxima clamped to act_min/act_max there, y copied out. The windows
// are the JS kernel's (int8/poolGeom.ts: the same tap ranges per output position), and a max
// of integers is exact: the same bytes. With a multiplier the JS kernel runs.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/QMaxPool';
import { poolGeom } from '../kernels/int8/poolGeom';
import { actRange } from '../kernels/int8/requant';
import { core, place, open, has } from './core';

export function prepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], a = node.attrs, sp = core();
  if (!sp || a.multiplier !== undefined || X.dtype !== Y.dtype) return jsPrepare(node);
  var g = poolGeom(X.shape, a), NC = g.N * g.C, nx = X.data.length, ny = Y.data.length;
  if (!nx || !ny) return jsPrepare(node);
  var range = actRange(a, Y.dtype), lo = range[0], hi = range[1], u = X.dtype === 2 ? 1 : 0;
  var tabs = new Int32Array(2 * (g.ys[0] + g.ys[1] + g.ys[2])), t = 0;
  for (var d = 0; d < 3; d++) {
    for (var i = 0; i < g.ys[d]; i++) tabs[t + i] = g.klo[d][i];
    for (var j = 0; j < g.ys[d]; j++) tabs[t + g.ys[d] + j] = g.khi[d][j];
    t += 2 * g.ys[d];
  }
  var paired = pairedWindows(g, X.shape, has('maxpool2_i8'));
  var pk = place(sp, new Float32Array(tabs.buffer), tabs.length), px = place(sp, null, (nx + 3) >> 2), py = place(sp, null, (ny + 3) >> 2);
  var s = sp, x = X.data, y = Y.data, xin: Int8Array | Uint8Array | null = null, out: Int8Array | Uint8Array | null = null;
  return function () {
    var w = open(s);
    if (!xin) {
      xin = u ? new Uint8Array(s.heap!.buffer, px, nx) : new Int8Array(s.heap!.buffer, px, nx);
      out = u ? new Uint8Array(s.heap!.buffer, py, ny) : new Int8Array(s.heap!.buffer, py, ny);
    }
    xin.set(x as any);
    if (paired) w.maxpool2_i8(px, py, NC, g.xs[1], g.xs[2], g.ys[1], g.ys[2], g.ks[1], g.st[1], u, lo, hi);
    else w.maxpool(px, py, NC, g.xs[0], g.xs[1], g.xs[2], g.ys[0], g.ys[1], g.ys[2], g.st[0], g.st[1], g.st[2],
      g.pb[0], g.pb[1], g.pb[2], g.dl[0], g.dl[1], g.dl[2], pk, u, lo, hi);
    y.set(out!);
  };
}

// Windows 2 wide at column stride 2 inside a 2-D input (no pads, no dilation), 8+ outputs a row:
// the core's "maxpool2_i8" (eight outputs a vector).
function pairedWindows(g: { xs: number[]; ys: number[]; ks: number[]; st: number[]; pb: number[]; dl: number[] }, xShape: number[], have: boolean): boolean {
  if (!have || xShape.length !== 4 || g.ks[2] !== 2 || g.st[2] !== 2 || g.ys[2] < 8) return false;
  for (var a = 0; a < 3; a++) if (g.pb[a] || g.dl[a] !== 1) return false;
  return (g.ys[1] - 1) * g.st[1] + g.ks[1] <= g.xs[1] && (g.ys[2] - 1) * 2 + 2 <= g.xs[2];
}
