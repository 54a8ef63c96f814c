import { Node } from '../contract';
import { Meta } from '../infer';
import { lossInfer, lossPlan } from './loss';

export var meta: Meta = { op: 'SoftmaxCrossEntropyLoss', domain: '', since: 12, dtypes: ['float32', 'float64'] };
export var infer = lossInfer(true);

// Log-softmax over the class axis (into the optional log_prob output, else a scratch buffer),
// then the negative log-likelihood of the labels.
export function prepare(node: Node) {
  var p = lossPlan(node), x = node.inputs[0]!.data, N = p.N, C = p.C, D = p.D;
  var lp = node.outputs[1] ? node.outputs[1].data : new Float64Array(x.length);
  return function () {
    for (var n = 0; n < N; n++) {
      for (var d = 0; d < D; d++) {
        var b = n * C * D + d, e = b + C * D, m = -Infinity, s = 0, k;
        for (k = b; k < e; k += D) if (x[k] > m) m = x[k];
        for (k = b; k < e; k += D) s += Math.exp(x[k] - m);
        s = m + Math.log(s);
        for (k = b; k < e; k += D) lp[k] = x[k] - s;
      }
    }
    p.run(lp);
  };
}
