import { Node, fail, constInput } from '../contract';
import { Meta, Infer } from '../infer';
import { outDtype } from './dftPlan';

export var meta: Meta = { op: 'MelWeightMatrix', domain: '', since: 17, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };

export var infer: Infer = function (node) {
  var mels = constInput(node, 0, 'num_mel_bins')![0], n = constInput(node, 1, 'dft_length')![0];
  if (mels <= 0 || n <= 0) fail('num_mel_bins and dft_length must be positive, got ' + mels + ' and ' + n);
  return [{ dtype: outDtype(node.attrs), shape: [(n >> 1) + 1, mels] }];
};

// Triangular filters on the mel scale (mel = 2595 log10(1 + f/700)), edges snapped to DFT bins;
// output [dft_length/2 + 1, num_mel_bins].
export function prepare(node: Node) {
  var ins = node.inputs, y = node.outputs[0].data;
  var mels = node.outputs[0].shape[1], n = ins[1]!.data[0];
  var bins = new Int32Array(mels + 2);
  var f32 = new Float32Array(1);
  return function () {
    var rate = ins[2]!.data[0], lo = ins[3]!.data[0], hi = ins[4]!.data[0];
    var mlo = 2595 * Math.log(1 + lo / 700) / Math.LN10, mhi = 2595 * Math.log(1 + hi / 700) / Math.LN10;
    var step = (mhi - mlo) / (mels + 2);
    for (var i = 0; i < mels + 2; i++) {
      f32[0] = 700 * (Math.pow(10, (i * step + mlo) / 2595) - 1);   // float32, as the reference computes
      bins[i] = Math.floor((n + 1) * f32[0] / rate);
    }
    for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var m = 0; m < mels; m++) {
      var l = bins[m], c = bins[m + 1], r = bins[m + 2];
      if (c === l) { if (c >= 0 && c * mels < y.length) y[c * mels + m] = 1; }
      else for (var j = l; j <= c; j++) if (j >= 0 && j * mels < y.length) y[j * mels + m] = (j - l) / (c - l);
      if (r > c) for (var j = c; j < r; j++) if (j >= 0 && j * mels < y.length) y[j * mels + m] = (r - j) / (r - c);
    }
  };
}
