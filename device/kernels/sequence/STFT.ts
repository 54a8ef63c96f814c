import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';
import { planDft } from './dftPlan';

export var meta: Meta = { op: 'STFT', domain: '', since: 17, dtypes: ['float32', 'float64'] };

// signal [batch, length, 1|2] → [batch, frames, bins, 2]: frame f starts at f*frame_step, is
// multiplied by the window (ones when absent) and transformed; onesided (default) keeps
// frame_length/2 + 1 bins.
function plan(node: InferNode | Node, stepIn: ArrayLike<number>, lenIn: ArrayLike<number> | null) {
  var x = node.inputs[0]!, w = node.inputs[2];
  if (x.shape.length !== 3 || (x.shape[2] !== 1 && x.shape[2] !== 2)) fail('signal must be [batch, length, 1 or 2], got [' + x.shape + ']');
  var step = stepIn[0], L = x.shape[1];
  var N = lenIn ? lenIn[0] : w ? w.shape[0] : L;
  if (w && w.shape[0] !== N) fail('window has length ' + w.shape[0] + ' but frame_length is ' + N);
  if (!(step > 0) || !(N > 0) || N > L) fail('need 0 < frame_length <= signal length and frame_step > 0; got frame_length ' + N + ', frame_step ' + step + ', length ' + L);
  var onesided = node.attrs.onesided !== 0;
  if (onesided && x.shape[2] === 2) fail('onesided output needs a real signal');
  var frames = 1 + Math.floor((L - N) / step), K = onesided ? (N >> 1) + 1 : N;
  return { B: x.shape[0], L: L, C: x.shape[2], N: N, K: K, step: step, frames: frames };
}

export var infer: Infer = function (node) {
  var p = plan(node, constInput(node, 1, 'frame_step')!, constInput(node, 3, 'frame_length'));
  return [{ dtype: node.inputs[0]!.dtype, shape: [p.B, p.frames, p.K, 2] }];
};

export function prepare(node: Node) {
  var ins = node.inputs;
  var p = plan(node, ins[1]!.data, ins[3] ? ins[3]!.data : null);
  var N = p.N, K = p.K, C = p.C, L = p.L, step = p.step, frames = p.frames, B = p.B;
  var f = planDft(N, false), re = f.re, im = f.im;
  var x = ins[0]!.data, win = ins[2] ? ins[2]!.data : null, y = node.outputs[0].data;
  return function () {
    for (var b = 0; b < B; b++) for (var fr = 0; fr < frames; fr++) {
      var xo = (b * L + fr * step) * C;
      for (var n = 0; n < N; n++) {
        var w = win ? win[n] : 1;
        re[n] = x[xo + n * C] * w; im[n] = C === 2 ? x[xo + n * C + 1] * w : 0;
      }
      f.run(K);
      var yo = (b * frames + fr) * K * 2;
      for (var k = 0; k < K; k++) { y[yo + 2 * k] = re[k]; y[yo + 2 * k + 1] = im[k]; }
    }
  };
}
