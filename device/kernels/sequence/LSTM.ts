import { Node } from '../contract';
import { Meta } from '../infer';
import { activations, inferRnn, rnnDims, xOff, yOff, sOff, gatesMatVec, sumBias } from './recurrent';

export var meta: Meta = { op: 'LSTM', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferRnn(4);

// Gates in W/R/B are ordered i, o, f, c; peepholes P are i, o, f. Each direction walks each batch
// row over its own sequence length; steps past it leave zeros in Y and the state untouched.
export function prepare(node: Node) {
  var d = rnnDims(node, 4), T = d.T, B = d.B, I = d.I, H = d.H, D = d.D, G = 4 * H;
  var ins = node.inputs;
  var x = ins[0]!.data, W = ins[1]!.data, R = ins[2]!.data;
  var Bt = ins[3] ? ins[3]!.data : null, lens = ins[4] ? ins[4]!.data : null;
  var h0 = ins[5] ? ins[5]!.data : null, c0 = ins[6] ? ins[6]!.data : null, P = ins[7] ? ins[7]!.data : null;
  var Yt = node.outputs[0], Yht = node.outputs[1], Yct = node.outputs[2];
  var y = Yt && Yt.data.length ? Yt.data : null, yh = Yht ? Yht.data : null, yc = Yct ? Yct.data : null;
  var acts = activations(node.attrs, ['Sigmoid', 'Tanh', 'Tanh'], D);
  var clip = node.attrs.clip, hasClip = clip !== undefined, coupled = node.attrs.input_forget === 1;
  var g = new Float64Array(G), h = new Float64Array(H), c = new Float64Array(H), bias = new Float64Array(D * G);
  var reverse = node.attrs.direction === 'reverse';
  return function () {
    sumBias(bias, Bt, D, G);
    if (y) for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var dir = 0; dir < D; dir++) {
      var f = acts[dir * 3], gf = acts[dir * 3 + 1], hf = acts[dir * 3 + 2];
      var wo = dir * G * I, ro = dir * G * H, po = dir * 3 * H, rev = dir === 1 || reverse;
      for (var b = 0; b < B; b++) {
        var so = sOff(d, dir, b);
        for (var j = 0; j < H; j++) { h[j] = h0 ? h0[so + j] : 0; c[j] = c0 ? c0[so + j] : 0; }
        var L = lens ? (lens[b] < T ? lens[b] : T) : T;
        for (var s = 0; s < L; s++) {
          var t = rev ? L - 1 - s : s;
          gatesMatVec(g, G, W, wo, x, xOff(d, t, b), I, R, ro, h, H, bias, dir * G);
          for (var j = 0; j < H; j++) {
            var gi = g[j], go = g[H + j], gg = g[2 * H + j], gc = g[3 * H + j], cp = c[j];
            if (P) { gi += P[po + j] * cp; gg += P[po + 2 * H + j] * cp; }
            if (hasClip) { gi = gi < -clip ? -clip : gi > clip ? clip : gi; gg = gg < -clip ? -clip : gg > clip ? clip : gg; gc = gc < -clip ? -clip : gc > clip ? clip : gc; }
            var ig = f(gi), fg = coupled ? 1 - ig : f(gg);
            var cn = fg * cp + ig * gf(gc);
            if (P) go += P[po + H + j] * cn;
            if (hasClip) go = go < -clip ? -clip : go > clip ? clip : go;
            c[j] = cn;
            h[j] = f(go) * hf(cn);
          }
          if (y) { var yo = yOff(d, t, dir, b); for (var j = 0; j < H; j++) y[yo + j] = h[j]; }
        }
        if (yh) for (var j = 0; j < H; j++) yh[so + j] = h[j];
        if (yc) for (var j = 0; j < H; j++) yc[so + j] = c[j];
      }
    }
  };
}
