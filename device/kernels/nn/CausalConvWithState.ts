import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';

export var meta: Meta = { op: 'CausalConvWithState', domain: '', since: 27, dtypes: ['float32', 'float64'] };

// input [B, C, L], weight [C, 1, K], bias [C]?, past_state [B, C, K-1]? (zeros when absent)
function dims(node: { inputs: any[]; attrs: any }) {
  var x = node.inputs[0].shape, w = node.inputs[1].shape;
  if (x.length !== 3 || w.length !== 3 || w[0] !== x[1] || w[1] !== 1)
    fail('expects input [B, C, L] and a depthwise weight [C, 1, K], got [' + x + '] and [' + w + ']');
  var act = node.attrs.activation;
  if (act !== undefined && act !== 'silu' && act !== 'swish' && act !== 'none' && act !== '') fail('unknown activation ' + act);
  return { B: x[0], C: x[1], L: x[2], K: w[2], silu: act === 'silu' || act === 'swish' };
}

export var infer: Infer = function (node) {
  var d = dims(node), t = node.inputs[0]!.dtype;
  return [{ dtype: t, shape: [d.B, d.C, d.L] }, { dtype: t, shape: [d.B, d.C, d.K - 1] }];
};

// The sequence is [past_state, input] (K-1 + L steps): output t is the K-tap window ending at
// input step t (then bias and SiLU), present_state its last K-1 steps.
export function prepare(node: Node) {
  var d = dims(node), B = d.B, C = d.C, L = d.L, K = d.K, S = K - 1, silu = d.silu;
  var x = node.inputs[0]!.data, w = node.inputs[1]!.data, bias = node.inputs[2] ? node.inputs[2]!.data : null;
  var past = node.inputs[3] ? node.inputs[3]!.data : null;
  var y = node.outputs[0].data, state = node.outputs.length > 1 ? node.outputs[1].data : null;
  return function () {
    for (var bc = 0; bc < B * C; bc++) {
      var c = bc % C, xo = bc * L, so = bc * S, wo = c * K, b = bias ? bias[c] : 0;
      for (var t = 0; t < L; t++) {
        var s = b;
        for (var k = 0; k < K; k++) {
          var p = t + k - S;   // input step; negative reads the past state
          s += w[wo + k] * (p >= 0 ? x[xo + p] : past ? past[so + S + p] : 0);
        }
        y[xo + t] = silu ? s / (1 + Math.exp(-s)) : s;
      }
      if (state) for (var j = 0; j < S; j++) {
        var q = L + j - S;
        state[so + j] = q >= 0 ? x[xo + q] : past ? past[so + S + q] : 0;
      }
    }
  };
}
