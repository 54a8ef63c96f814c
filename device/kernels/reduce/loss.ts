// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: input is N x C x D (D the product of
// the trailing dims), target N x D. loss[n,d] = -lp[n, t, d] * w[t], zero where t is ignore_index;
// 'mean' divides the sum by the sum of the weights actually used.
import { Node, fail } from '../contract';
import { Infer, ValueType } from '../infer';

export function lossInfer(withLogProb: boolean): Infer {
  return function (node) {
    var x = node.inputs[0]!, t = node.inputs[1]!;
    var red = node.attrs.reduction === undefined ? 'mean' : String(node.attrs.reduction);
    if (red !== 'none' && red !== 'mean' && red !== 'sum') fail("reduction must be 'none', 'mean' or 'sum', not '" + red + "'");
    var out: ValueType[] = [{ dtype: x.dtype, shape: red === 'none' ? t.shape.slice() : [] }];
    if (withLogProb && node.numOutputs > 1) out.push({ dtype: x.dtype, shape: x.shape.slice() });
    return out;
  };
}

export interface LossPlan { N: number; C: number; D: number; run: (lp: ArrayLike<number>) => void }

export function lossPlan(node: Node): LossPlan {
  var X = node.inputs[0]!, t = node.inputs[1]!.data, W = node.inputs[2], w = W ? W.data : null;
  var y = node.outputs[0].data;
  var N = X.shape[0], C = X.shape[1], D = t.length / (N || 1);
  var red = node.attrs.reduction === undefined ? 'mean' : String(node.attrs.reduction);
  var ii = node.attrs.ignore_index, hasIi = ii !== undefined;
  return { N: N, C: C, D: D, run: function (lp) {
    var sum = 0, wsum = 0;
    for (var n = 0; n < N; n++) {
      for (var d = 0; d < D; d++) {
        var k = n * D + d, c = t[k], l = 0, wt = 0;
        if (!(hasIi && c === ii)) {
          if (c < 0 || c >= C) fail('target ' + c + ' is outside the ' + C + ' classes');
          wt = w ? w[c] : 1;
          l = -lp[(n * C + c) * D + d] * wt;
        }
        if (red === 'none') y[k] = l;
        sum += l; wsum += wt;
      }
    }
    if (red === 'sum') y[0] = sum;
    else if (red === 'mean') y[0] = sum / wsum;
  } };
}
