// 3-tap convolutions along one axis (1x3, 3x1; stride 1, dilation 1, one group) on the core's
// Winograd F(2,3) routines (targets/wasm/winogradWat.ts): per band of tile rows, the input
// transform (w2in), four products U[k] x V[k] on the core's gemm, the output transform with the
// bias and the fused activation (w2out). Two thirds of the multiply-adds of the column product. The four SIMD lanes run across the
// conv axis: along H (3x1) they are neighbouring columns of a row, read in place; along W (1x3)
// the planes are first transposed (w2t) so that they are too.
import { Node } from '../kernels/contract';
import { convSetup } from '../kernels/nn/im2col';
import { core, place, region, open, Space } from './core';
import { winogradAxis, CoreAct } from './convPath';

// Floats of transformed inputs per band (V: 4 x C x columns; the products as many for M): the two
// stay in L2 between the transform and the products.
var BAND = 16384;

// For a conv convPath gives 'w2' (winogradAxis: the axis it runs along).
export function winogradOnCore(node: Node, wdata: ArrayLike<number>, bias: ArrayLike<number> | null, act: CoreAct):
    { run: () => void; out: () => Float32Array; space: Space; at: number } | null {
  var X = node.inputs[0]!, sp = core();
  var ax = winogradAxis(X.shape, node.inputs[1]!.shape, node.attrs);
  if (!sp || X.dtype !== 1 || ax < 0) return null;
  var cs = convSetup(X.shape, node.inputs[1]!.shape, node.attrs), g = cs.g, N = cs.N, C = cs.C, M = cs.M;
  var L = g.inS[ax], Lo = g.outS[ax], nT = Math.ceil(Lo / 2), A = 1, S = 1;
  for (var i = 0; i < ax; i++) A *= g.inS[i];
  for (var i = ax + 1; i < 3; i++) S *= g.inS[i];
  var across = ax === 2;      // along the contiguous axis: transposed first, the rows become the lanes
  if (across) { S = A; A = 1; }
  var Sp = (S + 3) & ~3, plane = g.inS[0] * g.inS[1] * g.inS[2], oplane = g.outS[0] * g.outS[1] * g.outS[2];
  var T = A * nT, rb = Math.max(1, Math.min(T, Math.floor(BAND / (4 * Sp * (C > M ? C : M))))), cols = rb * Sp;
  var pu = place(sp, transformWeights(wdata, M, C), 4 * M * C), pbias = bias ? place(sp, bias, M) : 0;
  var px = place(sp, null, N * C * plane + 4 * (across ? L : 1)), pt = across ? place(sp, null, C * L * Sp) : 0;
  var pz = place(sp, null, Sp), pv = place(sp, null, 4 * C * cols), pm = place(sp, null, 4 * M * cols);
  var py = place(sp, null, N * M * oplane), out = region(sp, py, N * M * oplane);
  // output strides (floats) of filter, block, output line and lane
  var mst = oplane, ast = across ? 0 : Lo * S, ost = across ? 1 : S, sst = across ? Lo : 1;
  var x = X.data, s = sp, src = across ? pt : 0, lineStride = across ? Sp : S, srcPlane = across ? L * Sp : plane;
  return { out: out, space: s, at: py, run: function () {
    var w = open(s);
    s.heap!.set(x as Float32Array, px >> 2);
    for (var n = 0; n < N; n++) {
      var xn = px + n * C * plane * 4, yn = py + n * M * oplane * 4;
      if (across) w.w2t(xn, pt, C, S, L, Sp);
      for (var r0 = 0; r0 < T; r0 += rb) {
        var r1 = r0 + rb < T ? r0 + rb : T, c = (r1 - r0) * Sp;
        w.w2in(across ? src : xn, pv, pz, C, srcPlane, L, lineStride, Sp, nT, g.pb[ax], r0, r1);
        for (var k = 0; k < 4; k++)
          w.gemm(M, c, C, pu + k * M * C * 4, C * 4, pv + k * C * c * 4, c * 4, pm + k * M * c * 4, c * 4, 0, 0);
        w.w2out(pm, yn, pbias, M, nT, Lo, Sp, S, r0, r1, mst, ast, ost, sst, act.kind, act.a, act.lo, act.hi);
      }
    }
  } };
}

// U[k][m][c] = (G g)[k] for the 3 taps g of filter m, channel c (in double, stored as float32).
function transformWeights(w: ArrayLike<number>, M: number, C: number): Float32Array {
  var MC = M * C, U = new Float32Array(4 * MC);
  for (var q = 0; q < MC; q++) {
    var g0 = w[3 * q], g1 = w[3 * q + 1], g2 = w[3 * q + 2];
    U[q] = g0; U[q + MC] = (g0 + g1 + g2) / 2; U[q + 2 * MC] = (g0 - g1 + g2) / 2; U[q + 3 * MC] = g2;
  }
  return U;
}
