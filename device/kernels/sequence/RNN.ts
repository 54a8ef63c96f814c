import { Node } from '../contract';
import { Meta } from '../infer';
import { activations, inferRnn, rnnDims, xOff, yOff, sOff, gatesMatVec, sumBias } from './recurrent';

export var meta: Meta = { op: 'RNN', domain: '', since: 1, dtypes: ['float32', 'float64'] };
export var infer = inferRnn(1);

// H = f(W·x + R·h + Wb + Rb), per direction and batch row over its own sequence length.
export function prepare(node: Node) {
  var d = rnnDims(node, 1), T = d.T, B = d.B, I = d.I, H = d.H, D = d.D;
  var ins = node.inputs;
  var x = ins[0]!.data, W = ins[1]!.data, R = ins[2]!.data;
  var Bt = ins[3] ? ins[3]!.data : null, lens = ins[4] ? ins[4]!.data : null, h0 = ins[5] ? ins[5]!.data : null;
  var Yt = node.outputs[0], Yht = node.outputs[1];
  var y = Yt && Yt.data.length ? Yt.data : null, yh = Yht ? Yht.data : null;
  var acts = activations(node.attrs, ['Tanh'], D);
  var clip = node.attrs.clip, hasClip = clip !== undefined;
  var g = new Float64Array(H), h = new Float64Array(H), bias = new Float64Array(D * H);
  var reverse = node.attrs.direction === 'reverse';
  return function () {
    sumBias(bias, Bt, D, H);
    if (y) for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var dir = 0; dir < D; dir++) {
      var f = acts[dir], rev = dir === 1 || reverse;
      for (var b = 0; b < B; b++) {
        var so = sOff(d, dir, b);
        for (var j = 0; j < H; j++) h[j] = h0 ? h0[so + j] : 0;
        var L = lens ? (lens[b] < T ? lens[b] : T) : T;
        for (var s = 0; s < L; s++) {
          var t = rev ? L - 1 - s : s;
          gatesMatVec(g, H, W, dir * H * I, x, xOff(d, t, b), I, R, dir * H * H, h, H, bias, dir * H);
          for (var j = 0; j < H; j++) { var v = g[j]; h[j] = f(hasClip ? (v < -clip ? -clip : v > clip ? clip : v) : v); }
          if (y) { var yo = yOff(d, t, dir, b); for (var j = 0; j < H; j++) y[yo + j] = h[j]; }
        }
        if (yh) for (var j = 0; j < H; j++) yh[so + j] = h[j];
      }
    }
  };
}
