// Accuracy of a quantized model against its float original, per output, over samples:
// max and mean absolute error and SNR = 10 log10(sum float^2 / sum (quantized - float)^2) dB.
import { Model } from '../../ir';
import { interpret } from '../../interpret';
import { Sample } from './calibrate';
import * as D from '../../../device/dtype';

export interface OutputAccuracy { maxAbsError: number; meanAbsError: number; snrDb: number }

export function accuracy(floatOutputs: Record<string, D.TypedArray>[], quantized: Model, samples: Sample[],
                         progress?: (done: number, total: number, what: string) => void): Record<string, OutputAccuracy> {
  var acc: Record<string, { max: number; sum: number; n: number; sig: number; noise: number }> = {};
  samples.forEach((s, k) => {
    var q = interpret(quantized, s), f = floatOutputs[k];
    for (var name in f) {
      var a = acc[name] || (acc[name] = { max: 0, sum: 0, n: 0, sig: 0, noise: 0 });
      var fv = f[name], qv = q[name];
      for (var i = 0; i < fv.length; i++) {
        var d = Math.abs(qv[i] - fv[i]);
        if (d > a.max || d !== d) a.max = d !== d ? Infinity : d;
        a.sum += d; a.n++; a.sig += fv[i] * fv[i]; a.noise += d * d;
      }
    }
    if (progress) progress(k + 1, samples.length, 'measuring accuracy');
  });
  var r: Record<string, OutputAccuracy> = {};
  for (var name in acc) {
    var a = acc[name];
    var snr = a.noise === 0 ? Infinity : a.sig === 0 ? -Infinity : 10 * Math.log10(a.sig / a.noise);
    r[name] = { maxAbsError: a.max, meanAbsError: a.n ? a.sum / a.n : 0, snrDb: Math.round(snr * 100) / 100 };
  }
  return r;
}
