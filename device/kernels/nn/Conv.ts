import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { convSetup, im2col, colTaps, rowStarts, Im2col } from './im2col';
import { TypedArray } from '../../dtype';
import { gemm } from './gemmCore';
import { winograd3 } from './winograd';
import { reserve, scratch } from './scratch';
import { withActivation } from '../elementwise/activations';
import { nativeConv1, nativeConvRows } from './nativeDot';

export var meta: Meta = { op: 'Conv', domain: '', since: 1, dtypes: ['float32', 'float64'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, cs = convSetup(x.shape, node.inputs[1]!.shape, node.attrs);
  return [{ dtype: x.dtype, shape: [cs.N, cs.M].concat(cs.g.outS.slice(3 - cs.g.rank)) }];
};

// im2col buffers (shared float64 scratch) are capped at this many elements; bigger outputs
// are done in bands of rows.
var BAND = 16384;

// Per group: Y[Mg, positions] = W[Mg, Cg*k] x col[Cg*k, positions] + bias, through gemm.
// Pointwise convs read X in place; 3-tap convs along one axis go through Winograd F(4,3);
// convs with one input channel per group and few filters use per-tap row updates. (Strided
// views of X instead of im2col were tried for 1-D convs: the copy is cheaper than the
// slower non-unit-stride gemm.)
// The fused activation (converter/passes/fuseActivation.ts) runs over the output afterwards.
export function prepare(node: Node) {
  return withActivation(compute(node), node);
}

function compute(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, B = node.inputs[2];
  var cs = convSetup(X.shape, Wt.shape, node.attrs), g = cs.g;
  var x = X.data, w = Wt.data, y = node.outputs[0].data, bias = B ? B.data : null;
  var N = cs.N, C = cs.C, M = cs.M, group = cs.group, Cg = cs.Cg, Mg = cs.Mg;
  var plane = g.inS[0] * g.inS[1] * g.inS[2], OW = g.outS[2], R = g.outS[0] * g.outS[1], P = R * OW;
  var Kk = g.k[0] * g.k[1] * g.k[2], Kc = Cg * Kk;
  var nopad = g.pb.join() === '0,0,0' && g.pe.join() === '0,0,0';
  if (Kk === 1 && nopad && g.s.join() === '1,1,1') return pointwise(N, C, M, group, Cg, Mg, plane, P, x, w, y, bias);
  if (Cg === 1 && Mg < 4) return depthwise(node, cs);
  // (Winograd first in every engine: its sums differ from im2col's, and the engines agree bit for bit)
  var wino = winograd3(g, N, C, M, group, x, w, bias, y);
  if (wino) return wino;
  // Espruino: one native dot per output (nativeDot.ts), the same sums as the im2col product
  // below; a one-axis conv with one input channel per group reads its windows in place
  var native = Cg === 1 && g.inS[0] * g.inS[1] * g.outS[0] * g.outS[1] === 1 && Kk === g.k[2] && g.d[2] === 1 ?
    nativeConv1(N, group, Mg, g.inS[2], Kk, OW, g.s[2], g.pb[2], x, w, bias, y) :
    nativeConvRows(node.name, N, C, M, group, Cg, Mg, plane, P, Kc, g, X, w, bias, y);
  if (native) return native;

  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Kc * OW))));
  // an odd Kc (one or three input channels, 3x3) misses gemm's 8x8 tiles (k two at a time): small
  // weights get a zero column and the columns a zero row, which adds + 0 * 0 last to every sum
  // (a flag, not wk === w: in Espruino === between typed arrays is not identity)
  var pad = Kc % 2 === 1 && Mg >= 8 && M * (Kc + 1) <= 1024, K = pad ? Kc + 1 : Kc;
  var wk = pad ? padColumn(w, M, Kc) : w;
  reserve(K * band * OW);
  return banded(N, C, M, group, Cg, Mg, plane, P, R, OW, Kc, K, band, im2col(g, Cg), x, wk, y, bias);
}

// W [M, Kc] as [M, Kc + 1] with zeros in the last column (float64 holds float32 or float64 weights exactly).
function padColumn(w: TypedArray, M: number, Kc: number): TypedArray {
  var wp = new Float64Array(M * (Kc + 1));
  for (var m = 0; m < M; m++) for (var k = 0; k < Kc; k++) wp[m * (Kc + 1) + k] = w[m * Kc + k];
  return wp;
}

// The evals below each run in a scope of their own: Espruino keeps a closure's whole scope
// (compute's holds the node, its tensors, the geometry and every local) in the board's variables.
function pointwise(N: number, C: number, M: number, group: number, Cg: number, Mg: number, plane: number, P: number,
                   x: TypedArray, w: TypedArray, y: TypedArray, bias: TypedArray | null) {
  var n: number, gi: number;
  return function () {
    for (n = 0; n < N; n++) for (gi = 0; gi < group; gi++)
      gemm(Mg, P, Cg, w, gi * Mg * Cg, Cg, 1, x, (n * C + gi * Cg) * plane, plane, 1,
        y, (n * M + gi * Mg) * P, P, 1, bias, gi * Mg, false);
  };
}

// K: Kc, or Kc + 1 with w padded (a zero row is written under the Kc rows of the columns)
function banded(N: number, C: number, M: number, group: number, Cg: number, Mg: number, plane: number, P: number, R: number,
                OW: number, Kc: number, K: number, band: number, fill: Im2col, x: TypedArray, w: TypedArray, y: TypedArray, bias: TypedArray | null) {
  var n: number, gi: number;
  return function () {
    var col = scratch();
    for (n = 0; n < N; n++) for (gi = 0; gi < group; gi++) {
      var xo = (n * C + gi * Cg) * plane, yo = (n * M + gi * Mg) * P;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW;
        fill(x, xo, col, r0, r1);
        for (var j = Kc * cols; j < K * cols; j++) col[j] = 0;
        gemm(Mg, cols, K, w, gi * Mg * K, K, 1, col, 0, cols, 1, y, yo + r0 * OW, P, 1, bias, gi * Mg, false);
      }
    }
  };
}

// One input channel per output channel: for each tap, add w * (shifted input row) to each
// output row over the columns that read inside the input.
function depthwise(node: Node, cs: any) {
  var g = cs.g, x = node.inputs[0]!.data, w = node.inputs[1]!.data, y = node.outputs[0].data;
  var B = node.inputs[2], bias = B ? B.data : null;
  var D = g.inS[0], H = g.inS[1], W = g.inS[2], OW = g.outS[2], R = g.outS[0] * g.outS[1], P = R * OW;
  var KD = g.k[0], KH = g.k[1], KW = g.k[2], dd = g.d[0], dh = g.d[1], sw = g.s[2];
  var N = cs.N, C = cs.C, M = cs.M, Mg = cs.Mg, plane = D * H * W, ct = colTaps(g), rs = rowStarts(g);
  return function () {
    for (var n = 0; n < N; n++) for (var m = 0; m < M; m++) {
      var xc = (n * C + ((m / Mg) | 0)) * plane, yc = (n * M + m) * P, b = bias ? bias[m] : 0, t = m * KD * KH * KW;
      for (var i = 0; i < P; i++) y[yc + i] = b;
      for (var kd = 0; kd < KD; kd++) for (var kh = 0; kh < KH; kh++) for (var kw = 0; kw < KW; kw++) {
        var wv = w[t++], lo = ct.lo[kw], hi = ct.hi[kw], off = ct.off[kw];
        for (var r = 0; r < R; r++) {
          var id = rs.id[r] + kd * dd, ih = rs.ih[r] + kh * dh;
          if (id < 0 || id >= D || ih < 0 || ih >= H) continue;
          var src = xc + (id * H + ih) * W + off, dst = yc + r * OW;
          if (sw === 1) for (var ow = lo; ow < hi; ow++) y[dst + ow] += wv * x[src + ow];
          else for (var ow = lo; ow < hi; ow++) y[dst + ow] += wv * x[src + ow * sw];
        }
      }
    }
  };
}
