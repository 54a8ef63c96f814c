// Conv on the wasm core, float32: per group, Y[Mg, positions] = W[Mg, Cg*k] x col[Cg*k, positions]
// + bias through the wasm gemm. The weights and bias are copied into wasm memory once; pointwise
// convs copy X in and use it as the column matrix, others fill the columns by im2col straight into
// wasm memory. Depthwise convs (one input channel per group, few filters) and other dtypes run
// the JS kernel, whose per-tap row updates do no multiply-adds on padding.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/nn/Conv';
import { convSetup, im2col } from '../kernels/nn/im2col';
import { core, place, region, heapF32 } from './core';

// Column buffers are capped at this many floats (128 KB, so the columns stay in L2 between
// im2col and gemm: a 680 KB column matrix ran the gemm 15x slower); bigger outputs go in bands.
var BAND = 32768;

export function prepare(node: Node) {
  var X = node.inputs[0]!, Wt = node.inputs[1]!, B = node.inputs[2], w = core();
  if (!w || X.dtype !== 1 || Wt.dtype !== 1) return jsPrepare(node);
  var cs = convSetup(X.shape, Wt.shape, node.attrs), g = cs.g;
  var N = cs.N, C = cs.C, M = cs.M, group = cs.group, Cg = cs.Cg, Mg = cs.Mg;
  var plane = g.inS[0] * g.inS[1] * g.inS[2], OW = g.outS[2], R = g.outS[0] * g.outS[1], P = R * OW;
  var Kk = g.k[0] * g.k[1] * g.k[2], Kc = Cg * Kk;
  if ((Cg === 1 && Mg < 4) || !P || !Kc || !Mg) return jsPrepare(node);
  var x = X.data, y = node.outputs[0].data;
  var pw = place(Wt.data, M * Kc), pbias = B ? place(B.data, M) : 0, mode = B ? 2 : 0;
  var py = place(null, N * M * P), out = region(py, N * M * P);
  var pointwise = Kk === 1 && g.pb.join() === '0,0,0' && g.pe.join() === '0,0,0' && g.s.join() === '1,1,1';
  if (pointwise) {
    var px = place(null, N * C * plane);
    return function () {
      heapF32().set(x as Float32Array, px >> 2);
      for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++)
        w.gemm(Mg, P, Cg, pw + gi * Mg * Cg * 4, Cg * 4, px + (n * C + gi * Cg) * plane * 4, plane * 4,
          py + (n * M + gi * Mg) * P * 4, P * 4, pbias + gi * Mg * 4, mode);
      y.set(out());
    };
  }
  var band = Math.max(1, Math.min(R, Math.floor(BAND / (Kc * OW))));
  var fill = im2col(g, Cg), pcol = place(null, Kc * band * OW), col = region(pcol, Kc * band * OW);
  var pcolT = place(null, Kc * 16), colT = region(pcolT, Kc * 16);
  return function () {
    for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
      var xo = (n * C + gi * Cg) * plane, yo = py + (n * M + gi * Mg) * P * 4, pwg = pw + gi * Mg * Kc * 4;
      for (var r0 = 0; r0 < R; r0 += band) {
        var r1 = r0 + band < R ? r0 + band : R, cols = (r1 - r0) * OW, c = col();
        fill(x, xo, c, r0, r1);
        if (cols < 16 && (cols & 3)) {
          transpose(c, colT(), Kc, cols);
          w.gemm_nt(Mg, cols, Kc, pwg, Kc * 4, pcolT, Kc * 4, yo + r0 * OW * 4, P * 4, pbias + gi * Mg * 4, mode);
        } else w.gemm(Mg, cols, Kc, pwg, Kc * 4, pcol, cols * 4, yo + r0 * OW * 4, P * 4, pbias + gi * Mg * 4, mode);
      }
    }
    y.set(out());
  };
}

// A few columns (not a multiple of 4) leave gemm's vectors idle: gemm_nt runs along K instead, on
// the columns transposed (t[j, k] = c[k, j]).
function transpose(c: Float32Array, t: Float32Array, K: number, cols: number) {
  for (var k = 0; k < K; k++) for (var j = 0, q = k * cols; j < cols; j++) t[j * K + k] = c[q + j];
}
