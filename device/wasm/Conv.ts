// Conv on the wasm core, float32: per group, Y[Mg, positions] = W[Mg, Cg*k] x col[Cg*k, positions]
// + bias through the wasm gemm. The weights and bias are copied into wasm memory once; pointwise
// convs copy X in and use it as the column matrix, others fill the columns by im2col straight into
// wasm memory. Depthwise convs (group = channels = filters, 1-D/2-D) run the core's direct "dw"
// routine; other grouped convs with one input channel and few filters a group, and other dtypes,
// run the JS kernel, whose per-tap row updates do no multiply-adds on padding.
import { Node } from '../kernels/contract';
import { withActivation } from '../kernels/elementwise/activations';
import { prepare as jsPrepare } from '../kernels/nn/Conv';
import { convSetup, im2col, colTaps } from '../kernels/nn/im2col';
import { core, place, region, open, has, Space } from './core';
import { winogradOnCore } from './winograd';
import { convPath, pathExports, coreAct, CoreAct, ConvPath, NO_ACT, COL_BAND, fewColumns } from './convPath';

var BAND = COL_BAND;   // floats of columns a band (convPath.ts)

// A fused activation (converter/passes/fuseActivation.ts): Relu, LeakyRelu, Clip, HardSwish and
// LeakyReluClip run on the core while the output is still in registers (Winograd, depthwise) or in
// cache (the column products, band by band); others run over the output in JS, as in the JS kernel.
export function prepare(node: Node) {
  var on = onCore(node);
  return !on ? jsPrepare(node) : on.fused ? on.ev : withActivation(on.ev, node);
}

// The product on the core, or null where the JS kernel should run.
function onCore(node: Node): { ev: () => void; fused: boolean } | null {
  var B = node.inputs[2], y = node.outputs[0].data;
  var float = node.inputs[0]!.dtype === 1 && node.inputs[1]!.dtype === 1;
  var bias = B ? B.data : null, wd = node.inputs[1]!.data, act = coreAct(node.attrs), k = act || NO_ACT;
  if (!float || !core()) return null;
  var cp = convPath(node.inputs[0]!.shape, node.inputs[1]!.shape, node.attrs), p = cp.path, need = pathExports(cp, k);
  for (var i = 0; i < need.length; i++) if (!has(need[i])) return null;
  var on = p === 'dwp' || p === 'dw' ? depthwiseOnCore(node, bias, k, cp) : p === 'w2' ? winogradOnCore(node, wd, bias, k) : convOnCore(node, wd, bias, k);
  if (!on) return null;
  var run = on.run, out = on.out;
  return { fused: !!act, ev: function () { run(); y.set(out()); } };
}

// The convolution of float32 X by weights w ([M, C/group * k], any numeric array: copied into
// wasm memory as float32) plus bias, into wasm memory: run() computes, out() is the result.
// Null where the JS kernel should run (no core, depthwise, empty).
export function convOnCore(node: Node, wdata: ArrayLike<number>, bias: ArrayLike<number> | null, act: CoreAct = NO_ACT):
    { run: () => void; out: () => Float32Array; space: Space; at: number } | null {
  var X = node.inputs[0]!, sp = core();
  if (!sp || X.dtype !== 1) return null;
  var cs = convSetup(X.shape, node.inputs[1]!.shape, node.attrs), g = cs.g;
  var N = cs.N, C = cs.C, M = cs.M, group = cs.group, Cg = cs.Cg, Mg = cs.Mg;
  var plane = g.inS[0] * g.inS[1] * g.inS[2], OW = g.outS[2], R = g.outS[0] * g.outS[1], P = R * OW;
  var Kk = g.k[0] * g.k[1] * g.k[2], Kc = Cg * Kk;
  if ((Cg === 1 && Mg < 4) || !P || !Kc || !Mg) return null;
  var x = X.data, s = sp;
  var pw = place(sp, wdata, M * Kc), pbias = bias ? place(sp, bias, M) : 0, mode = bias ? 2 : 0;
  var py = place(sp, null, N * M * P), out = region(sp, py, N * M * P);
  var pointwise = Kk === 1 && g.pb.join() === '0,0,0' && g.pe.join() === '0,0,0' && g.s.join() === '1,1,1';
  if (pointwise) {
    var px = place(sp, null, N * C * plane);
    // columns in chunks whose output stays in cache for the activation
    var chunk = act.kind ? Math.max(8, Math.floor(BAND / 2 / Mg) & ~7) : P;
    return { out: out, space: s, at: py, run: function () {
      var w = open(s);
      s.heap!.set(x as Float32Array, px >> 2);
      for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
        var yg = py + (n * M + gi * Mg) * P * 4;
        for (var c0 = 0; c0 < P; c0 += chunk) {
          var nc = P - c0 < chunk ? P - c0 : chunk;
          w.gemm(Mg, nc, Cg, pw + gi * Mg * Cg * 4, Cg * 4, px + ((n * C + gi * Cg) * plane + c0) * 4, plane * 4, yg + c0 * 4, P * 4, pbias + gi * Mg * 4, mode);
          if (act.kind) w.actr(yg + c0 * 4, Mg, nc, P, act.kind, act.a, act.lo, act.hi);
        }
      }
    } };
  }
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Kc * OW))));
  var fill = im2col(g, Cg), pcol = place(sp, null, Kc * band * OW), col = region(sp, pcol, Kc * band * OW);
  var pcolT = place(sp, null, Kc * 16), colT = region(sp, pcolT, Kc * 16);
  // 2-D and 1-D: X copied in, the columns built by the core's "colsf" (no JS loop per value).
  var flat = g.inS[0] === 1 && g.k[0] === 1 && g.outS[0] === 1, H = g.inS[1], W = g.inS[2], KH = g.k[1], KW = g.k[2];
  var pxc = flat ? place(sp, null, N * C * plane) : 0, ptab = flat ? place(sp, null, KW * 3) : 0, tab = new Int32Array(KW * 3), tabIn = false;
  if (flat) { var ct = colTaps(g); for (var k = 0; k < KW; k++) { tab[3 * k] = ct.lo[k]; tab[3 * k + 1] = ct.hi[k]; tab[3 * k + 2] = ct.off[k]; } }
  var sh = g.s[1], ph = g.pb[1], dh = g.d[1], sw = g.s[2];
  return { out: out, space: s, at: py, run: function () {
    var w = open(s);
    if (flat) {
      if (!tabIn) { new Int32Array(s.heap!.buffer, ptab, KW * 3).set(tab); tabIn = true; }   // once: the space is open now
      s.heap!.set(x as Float32Array, pxc >> 2);
    }
    for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
      var xo = (n * C + gi * Cg) * plane, yo = py + (n * M + gi * Mg) * P * 4, pwg = pw + gi * Mg * Kc * 4;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW, c = col();
        if (flat) w.colsf(pxc + xo * 4, pcol, ptab, Cg, H, W, OW, KH, KW, r0, r1, sh, ph, dh, sw);
        else fill(x, xo, c, r0, r1);
        if (fewColumns(cols)) {
          transpose(c, colT(), Kc, cols);
          w.gemm_nt(Mg, cols, Kc, pwg, Kc * 4, pcolT, Kc * 4, yo + r0 * OW * 4, P * 4, pbias + gi * Mg * 4, mode);
        } else w.gemm(Mg, cols, Kc, pwg, Kc * 4, pcol, cols * 4, yo + r0 * OW * 4, P * 4, pbias + gi * Mg * 4, mode);
        if (act.kind) w.actr(yo + r0 * OW * 4, Mg, cols, P, act.kind, act.a, act.lo, act.hi);
      }
    }
  } };
}

// Depthwise convs (group = C = M) in 1-D or 2-D on the core: 3x3 and 5x5 kernels at column stride
// 1 or 2 (no column dilation, at least 4 output columns) on "dwp" (a zero-bordered scratch plane,
// the taps unrolled), others on "dw" (direct row updates, no column matrix); null where convOnCore
// or the JS kernel should run.
function depthwiseOnCore(node: Node, bias: ArrayLike<number> | null, act: CoreAct, dp: ConvPath): { run: () => void; out: () => Float32Array; space: Space; at: number } | null {
  var X = node.inputs[0]!, sp = core();
  if (!sp) return null;
  var cs = convSetup(X.shape, node.inputs[1]!.shape, node.attrs), g = cs.g;
  var N = cs.N, C = cs.C, H = g.inS[1], W = g.inS[2], OH = g.outS[1], OW = g.outS[2], KH = g.k[1], KW = g.k[2];
  if (cs.Cg !== 1 || cs.Mg !== 1 || g.inS[0] !== 1 || g.outS[0] !== 1 || g.k[0] !== 1 || !C || !OH || !OW || !KH || !KW) return null;
  var pw = place(sp, node.inputs[1]!.data, C * KH * KW), pb = bias ? place(sp, bias, C) : 0;
  var px = place(sp, null, N * C * H * W), py = place(sp, null, N * C * OH * OW), out = region(sp, py, N * C * OH * OW);
  var x = X.data, s = sp, sh = g.s[1], sw = g.s[2], dh = g.d[1], ph = g.pb[1];
  if (dp.path === 'dwp') {
    // the scratch: stride 1, the padded plane; stride 2, its even and odd columns (rows of Wp
    // floats each, a multiple of 4) and one padded row to split
    var pl = g.pb[2], Hp = H + ph + g.pe[1], wide = W + pl + g.pe[2] + 8, run = 'dwp' + dp.v;
    var Wp = sw === 1 ? wide : ((wide + 1) >> 1) + 3 & ~3, pt = place(sp, null, sw === 1 ? Hp * Wp : 2 * Hp * Wp + 2 * Wp);
    return { out: out, space: s, at: py, run: function () {
      var w = open(s);
      s.heap!.set(x as Float32Array, px >> 2);
      for (var n = 0; n < N; n++) w[run](px + n * C * H * W * 4, py + n * C * OH * OW * 4, pw, pb, pt, C, H, W, OH, OW, sh, dh, ph, pl, Hp, Wp, act.kind, act.a, act.lo, act.hi);
    } };
  }
  var ct = colTaps(g), tab = new Int32Array(KW * 3);
  for (var k = 0; k < KW; k++) { tab[3 * k] = ct.lo[k]; tab[3 * k + 1] = ct.hi[k]; tab[3 * k + 2] = ct.off[k]; }
  var ptab = place(sp, null, KW * 3), tabIn = false;
  return { out: out, space: s, at: py, run: function () {
    var w = open(s);
    if (!tabIn) { new Int32Array(s.heap!.buffer, ptab, KW * 3).set(tab); tabIn = true; }   // once: the space is open now
    s.heap!.set(x as Float32Array, px >> 2);
    for (var n = 0; n < N; n++)
      w.dw(px + n * C * H * W * 4, py + n * C * OH * OW * 4, pw, pb, ptab, C, H, W, OH, OW, KH, KW, sh, sw, dh, ph);
    if (act.kind) w.act(py, N * C * OH * OW, act.kind, act.a, act.lo, act.hi);
  } };
}

// A few columns (not a multiple of 4) leave gemm's vectors idle: gemm_nt runs along K instead, on
// the columns transposed (t[j, k] = c[k, j]).
function transpose(c: Float32Array, t: Float32Array, K: number, cols: number) {
  for (var k = 0; k < K; k++) for (var j = 0, q = k * cols; j < cols; j++) t[j * K + k] = c[q + j];
}
