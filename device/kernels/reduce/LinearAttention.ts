import { Node, fail } from '../contract';
import { Meta, Infer, ValueType } from '../infer';

export var meta: Meta = { op: 'LinearAttention', domain: '', since: 27, dtypes: ['float32', 'float64'] };

// query [B, T, Hq*Dk], key [B, T, Hkv*Dk], value [B, T, Hkv*Dv]; state [B, Hkv, Dk, Dv].
function geom(attrs: any, q: number[], v: number[]) {
  var Hq = attrs.q_num_heads, Hkv = attrs.kv_num_heads;
  if (!(Hq > 0) || !(Hkv > 0) || Hq % Hkv !== 0) fail('q_num_heads must be a multiple of kv_num_heads');
  return { B: q[0], T: q[1], Hq: Hq, Hkv: Hkv, Dk: q[2] / Hq, Dv: v[2] / Hkv };
}

export var infer: Infer = function (node) {
  var q = node.inputs[0]!, g = geom(node.attrs, q.shape, node.inputs[2]!.shape);
  var out: ValueType[] = [{ dtype: q.dtype, shape: [g.B, g.T, g.Hq * g.Dv] }];
  if (node.numOutputs > 1) out.push({ dtype: q.dtype, shape: [g.B, g.Hkv, g.Dk, g.Dv] });
  return out;
};

// Per step t and kv head, with decay g (per key row, or per head) and beta (per head, or shared):
//   linear: S += k v'          gated: S = e^g S + k v'
//   delta:  S += k (beta (v - S'k))'      gated_delta: S = e^g S, then the delta update
// and each q head h reads o = scale * q'S of kv head h / (Hq / Hkv).
export function prepare(node: Node) {
  var ins = node.inputs, g = geom(node.attrs, ins[0]!.shape, ins[2]!.shape);
  var B = g.B, T = g.T, Hq = g.Hq, Hkv = g.Hkv, Dk = g.Dk, Dv = g.Dv, reps = Hq / Hkv;
  var q = ins[0]!.data, k = ins[1]!.data, v = ins[2]!.data, y = node.outputs[0].data;
  var past = ins[3] ? ins[3]!.data : null, dec = ins[4] ? ins[4]!.data : null, bet = ins[5] ? ins[5]!.data : null;
  var rule = node.attrs.update_rule === undefined ? 'gated_delta' : String(node.attrs.update_rule);
  var gated = rule === 'gated' || rule === 'gated_delta', delta = rule === 'delta' || rule === 'gated_delta';
  if (!gated && !delta && rule !== 'linear') fail("unknown update_rule '" + rule + "'");
  if (gated && !dec) fail("update_rule '" + rule + "' needs the decay input");
  if (delta && !bet) fail("update_rule '" + rule + "' needs the beta input");
  var decPerRow = dec ? dec.length === B * T * Hkv * Dk : false, betPerHead = bet ? bet.length === B * T * Hkv : false;
  var scale = node.attrs.scale === undefined ? 1 / Math.sqrt(Dk) : node.attrs.scale;
  var ps = node.outputs[1] && node.outputs[1].data.length ? node.outputs[1].data : null;
  var S = new Float64Array(B * Hkv * Dk * Dv), r = new Float64Array(Dv);
  return function () {
    var i, j, n = S.length;
    for (i = 0; i < n; i++) S[i] = past ? past[i] : 0;
    for (var b = 0; b < B; b++) for (var t = 0; t < T; t++) {
      var bt = b * T + t;
      for (var h = 0; h < Hkv; h++) {
        var so = ((b * Hkv + h) * Dk) * Dv, ko = (bt * Hkv + h) * Dk, vo = (bt * Hkv + h) * Dv;
        if (gated) for (i = 0; i < Dk; i++) {
          var e = Math.exp(dec![decPerRow ? ko + i : bt * Hkv + h]);
          for (j = 0; j < Dv; j++) S[so + i * Dv + j] *= e;
        }
        if (delta) {
          var be = bet![betPerHead ? bt * Hkv + h : bt];
          for (j = 0; j < Dv; j++) r[j] = 0;
          for (i = 0; i < Dk; i++) for (j = 0; j < Dv; j++) r[j] += S[so + i * Dv + j] * k[ko + i];
          for (j = 0; j < Dv; j++) r[j] = be * (v[vo + j] - r[j]);
        } else for (j = 0; j < Dv; j++) r[j] = v[vo + j];
        for (i = 0; i < Dk; i++) for (j = 0; j < Dv; j++) S[so + i * Dv + j] += k[ko + i] * r[j];
      }
      for (var hq = 0; hq < Hq; hq++) {
        var s0 = ((b * Hkv + ((hq / reps) | 0)) * Dk) * Dv, qo = (bt * Hq + hq) * Dk, yo = (bt * Hq + hq) * Dv;
        for (j = 0; j < Dv; j++) {
          var a = 0;
          for (i = 0; i < Dk; i++) a += q[qo + i] * S[s0 + i * Dv + j];
          y[yo + j] = scale * a;
        }
      }
    }
    if (ps) for (i = 0; i < n; i++) ps[i] = S[i];
  };
}
