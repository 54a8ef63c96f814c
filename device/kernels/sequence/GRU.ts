import { Node } from '../contract';
import { Meta } from '../infer';
import { activations, inferRnn, rnnDims, xOff, yOff, sOff, gatesMatVec, sumBias } from './recurrent';

export var meta: Meta = { op: 'GRU', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferRnn(3);

// Gates in W/R/B are ordered z, r, h. linear_before_reset=1 applies the reset gate after the
// recurrent product (r * (Rh·h + Rbh)); 0 applies it to the state first (Rh·(r * h)).
export function prepare(node: Node) {
  var d = rnnDims(node, 3), T = d.T, B = d.B, I = d.I, H = d.H, D = d.D, G = 3 * H;
  var ins = node.inputs;
  var x = ins[0]!.data, W = ins[1]!.data, R = ins[2]!.data;
  var Bt = ins[3] ? ins[3]!.data : null, lens = ins[4] ? ins[4]!.data : null, h0 = ins[5] ? ins[5]!.data : null;
  var Yt = node.outputs[0], Yht = node.outputs[1];
  var y = Yt && Yt.data.length ? Yt.data : null, yh = Yht ? Yht.data : null;
  var acts = activations(node.attrs, ['Sigmoid', 'Tanh'], D);
  var clip = node.attrs.clip, hasClip = clip !== undefined, lbr = node.attrs.linear_before_reset === 1;
  var g = new Float64Array(G), h = new Float64Array(H), rh = new Float64Array(H), bias = new Float64Array(D * G);
  function cl(v: number) { return v < -clip ? -clip : v > clip ? clip : v; }
  var reverse = node.attrs.direction === 'reverse';
  return function () {
    sumBias(bias, Bt, D, G);
    if (y) for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var dir = 0; dir < D; dir++) {
      var f = acts[dir * 2], gf = acts[dir * 2 + 1];
      var wo = dir * G * I, ro = dir * G * H, bo = dir * 2 * G, rev = dir === 1 || reverse;
      for (var b = 0; b < B; b++) {
        var so = sOff(d, dir, b);
        for (var j = 0; j < H; j++) h[j] = h0 ? h0[so + j] : 0;
        var L = lens ? (lens[b] < T ? lens[b] : T) : T;
        for (var s = 0; s < L; s++) {
          var t = rev ? L - 1 - s : s, xo = xOff(d, t, b);
          // z and r rows with both biases; the h rows get only W·x here.
          gatesMatVec(g, 2 * H, W, wo, x, xo, I, R, ro, h, H, bias, dir * G);
          for (var j = 0; j < H; j++) {
            g[j] = f(hasClip ? cl(g[j]) : g[j]);
            var r = f(hasClip ? cl(g[H + j]) : g[H + j]);
            g[H + j] = r;
            rh[j] = lbr ? h[j] : r * h[j];
          }
          for (var j = 0; j < H; j++) {
            var p = wo + (2 * H + j) * I, sx = Bt ? Bt[bo + 2 * H + j] : 0;
            for (var k = 0; k < I; k++) sx += W[p + k] * x[xo + k];
            p = ro + (2 * H + j) * H;
            var sr = Bt ? Bt[bo + G + 2 * H + j] : 0;
            for (var k = 0; k < H; k++) sr += R[p + k] * rh[k];
            var pre = lbr ? sx + g[H + j] * sr : sx + sr;
            g[2 * H + j] = gf(hasClip ? cl(pre) : pre);
          }
          for (var j = 0; j < H; j++) { var z = g[j]; h[j] = (1 - z) * g[2 * H + j] + z * h[j]; }
          if (y) { var yo = yOff(d, t, dir, b); for (var j = 0; j < H; j++) y[yo + j] = h[j]; }
        }
        if (yh) for (var j = 0; j < H; j++) yh[so + j] = h[j];
      }
    }
  };
}
