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

// Words of transformed inputs per band (V: 4 x channels x columns; the products as many for M):
// the two stay in L2 between the transform and the products.
var BAND = 16384;

// One Winograd conv's lines-and-lanes view and its scratch in the core's memory, as the float
// driver below and the int8 one (qwinograd.ts, ch = channel pairs) both run it.
export interface W2 {
  across: boolean; pb: number; L: number; Lo: number; nT: number; S: number; Sp: number; T: number; rb: number; plane: number; oplane: number;
  pt: number; pz: number; pv: number; pm: number;
}

// Null where convPath.ts does not take the conv as 'w2'.
export function w2Plan(sp: Space, xs: number[], ws: number[], attrs: any, ch: number, M: number): W2 | null {
  var ax = winogradAxis(xs, ws, attrs);
  if (ax < 0) return null;
  var g = convSetup(xs, ws, attrs).g, L = g.inS[ax], Lo = g.outS[ax], A = 1, S = 1;
  for (var i = 0; i < ax; i++) A *= g.inS[i];
  for (var i = ax + 1; i < 3; i++) S *= g.inS[i];
  var across = ax === 2;      // along the contiguous axis: transposed first, the rows become the lanes
  if (across) { S = A; A = 1; }
  var Sp = (S + 3) & ~3, nT = Math.ceil(Lo / 2), T = A * nT, rb = Math.max(1, Math.min(T, Math.floor(BAND / (4 * Sp * (ch > M ? ch : M))))), cols = rb * Sp;
  return { across: across, pb: g.pb[ax], L: L, Lo: Lo, nT: nT, S: S, Sp: Sp, T: T, rb: rb, plane: g.inS[0] * g.inS[1] * g.inS[2], oplane: g.outS[0] * g.outS[1] * g.outS[2],
    pt: across ? place(sp, null, ch * L * Sp) : 0, pz: place(sp, null, Sp), pv: place(sp, null, 4 * ch * cols), pm: place(sp, null, 4 * M * cols) };
}

// One image through the bands: the input at px (ch planes; transposed first when across), the
// four products (gemm or qgemm, U at pu), the outputs at py. `int`: the integer routines (whose
// w2out_i takes no activation: the trailing arguments are then ignored).
export function w2Image(w: any, p: W2, int: boolean, px: number, pu: number, pbias: number, py: number, ch: number, M: number, act: CoreAct) {
  var S = p.S, Sp = p.Sp, Lo = p.Lo, tin = int ? w.w2in_i : w.w2in, mm = int ? w.qgemm : w.gemm, tout = int ? w.w2out_i : w.w2out;
  // output strides (words) of filter, block, output line and lane
  var ast = p.across ? 0 : Lo * S, ost = p.across ? 1 : S, sst = p.across ? Lo : 1;
  if (p.across) w.w2t(px, p.pt, ch, S, p.L, Sp);
  for (var r0 = 0; r0 < p.T; r0 += p.rb) {
    var r1 = r0 + p.rb < p.T ? r0 + p.rb : p.T, c = (r1 - r0) * Sp;
    tin(p.across ? p.pt : px, p.pv, p.pz, ch, p.across ? p.L * Sp : p.plane, p.L, p.across ? Sp : S, Sp, p.nT, p.pb, r0, r1);
    for (var k = 0; k < 4; k++) mm(M, c, ch, pu + k * M * ch * 4, ch * 4, p.pv + k * ch * c * 4, c * 4, p.pm + k * M * c * 4, c * 4, 0, 0);
    tout(p.pm, py, pbias, M, p.nT, Lo, Sp, S, r0, r1, p.oplane, ast, ost, sst, act.kind, act.a, act.lo, act.hi);
  }
}

// For a conv convPath gives 'w2'.
export function winogradOnCore(node: Node, wdata: ArrayLike<number>, bias: ArrayLike<number> | null, act: CoreAct):
    { run: () => void; out: () => Float32Array; space: Space; at: number } | null {
  var X = node.inputs[0]!, sp = core();
  if (!sp || X.dtype !== 1) return null;
  var cs = convSetup(X.shape, node.inputs[1]!.shape, node.attrs), N = cs.N, C = cs.C, M = cs.M;
  var p = w2Plan(sp, X.shape, node.inputs[1]!.shape, node.attrs, C, M);
  if (!p) return null;
  var pu = place(sp, transformWeights(wdata, M, C), 4 * M * C), pbias = bias ? place(sp, bias, M) : 0;
  var px = place(sp, null, N * C * p.plane + 4 * (p.across ? p.L : 1));   // slack: ghost lanes and rows read past the input
  var py = place(sp, null, N * M * p.oplane), out = region(sp, py, N * M * p.oplane);
  var x = X.data, s = sp;
  return { out: out, space: s, at: py, run: function () {
    var w = open(s);
    s.heap!.set(x as Float32Array, px >> 2);
    for (var n = 0; n < N; n++) w2Image(w, p!, false, px + n * C * p!.plane * 4, pu, pbias, py + n * M * p!.oplane * 4, C, M, act);
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
