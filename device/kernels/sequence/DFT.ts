import { Node, fail, constInput } from '../contract';
import { Meta, Infer, InferNode } from '../infer';
import { planDft } from './dftPlan';

export var meta: Meta = { op: 'DFT', domain: '', since: 17, dtypes: ['float32', 'float64'] };

// The last axis holds [re] or [re, im]. Opset 17 takes `axis` as an attribute (default 1),
// opset 20 as input 2 (default -2). onesided+inverse is the IRFFT: a half spectrum in, a real
// signal of dft_length (default 2*(bins-1)) out.
function plan(node: InferNode | Node, dftLen: ArrayLike<number> | null, axisIn: ArrayLike<number> | null) {
  var x = node.inputs[0]!, r = x.shape.length;
  var axis: number = node.opset >= 20 ? (axisIn ? axisIn[0] : -2) : (node.attrs.axis === undefined ? 1 : node.attrs.axis);
  if (axis < 0) axis += r;
  if (axis < 0 || axis > r - 2) fail('axis ' + axis + ' is out of range for an input of rank ' + r + ' (the last axis holds re/im)');
  var C = x.shape[r - 1];
  if (C !== 1 && C !== 2) fail('the last axis must have size 1 (real) or 2 (complex), got ' + C);
  var inverse = node.attrs.inverse === 1, onesided = node.attrs.onesided === 1, irfft = inverse && onesided;
  var L = x.shape[axis];
  var N = dftLen ? dftLen[0] : irfft ? 2 * (L - 1) : L;
  if (!(N >= 1)) fail('dft_length must be positive, got ' + N);
  var K = irfft ? N : onesided ? (N >> 1) + 1 : N;
  var shape = x.shape.slice();
  shape[axis] = K; shape[r - 1] = irfft ? 1 : 2;
  var outer = 1, inner = 1;
  for (var i = 0; i < axis; i++) outer *= x.shape[i];
  for (var i = axis + 1; i < r - 1; i++) inner *= x.shape[i];
  return { shape: shape, N: N, K: K, L: L, C: C, inverse: inverse, irfft: irfft, outer: outer, inner: inner };
}

export var infer: Infer = function (node) {
  var p = plan(node, constInput(node, 1, 'dft_length'), node.opset >= 20 ? constInput(node, 2, 'axis') : null);
  return [{ dtype: node.inputs[0]!.dtype, shape: p.shape }];
};

export function prepare(node: Node) {
  var ins = node.inputs;
  var p = plan(node, ins[1] ? ins[1]!.data : null, node.opset >= 20 && ins[2] ? ins[2]!.data : null);
  var N = p.N, K = p.K, L = p.L, C = p.C, inner = p.inner, outer = p.outer, irfft = p.irfft;
  var Co = irfft ? 1 : 2, scale = p.inverse ? 1 / N : 1, half = N >> 1;
  var f = planDft(N, p.inverse), re = f.re, im = f.im;
  var x = ins[0]!.data, y = node.outputs[0].data;
  var run = irfft ? N : K;
  return function () {
    for (var o = 0; o < outer; o++) for (var i = 0; i < inner; i++) {
      var xb = o * L * inner + i, yb = o * K * inner + i;
      if (irfft) {
        // Rebuild the full spectrum from its conjugate-symmetric half.
        for (var k = 0; k < N; k++) {
          var src = k <= half ? k : N - k, q = (xb + src * inner) * C;
          if (src < L) { re[k] = x[q]; im[k] = C === 2 ? (k <= half ? x[q + 1] : -x[q + 1]) : 0; }
          else { re[k] = 0; im[k] = 0; }
        }
      } else {
        for (var n = 0; n < N; n++) {
          if (n < L) { var q = (xb + n * inner) * C; re[n] = x[q]; im[n] = C === 2 ? x[q + 1] : 0; }
          else { re[n] = 0; im[n] = 0; }
        }
      }
      f.run(run);
      for (var k = 0; k < K; k++) {
        var q = (yb + k * inner) * Co;
        y[q] = re[k] * scale;
        if (Co === 2) y[q + 1] = im[k] * scale;
      }
    }
  };
}
