import { Node, fail } from '../contract';
import { Meta, Infer, ValueType } from '../infer';
import { broadcastStrides } from '../shape';
import { attnGeom, tanh } from './attentionGeom';
import { BOOL } from '../../dtype';

export var meta: Meta = { op: 'Attention', domain: '', since: 23, dtypes: ['float32', 'float64'] };

function shapes(ins: ({ shape: number[] } | null)[]) {
  var r: (number[] | null)[] = [];
  for (var i = 0; i < 7; i++) r.push(ins[i] ? ins[i]!.shape : null);
  return r;
}

// Outputs: Y, present_key, present_value, qk_matmul_output.
export var infer: Infer = function (node) {
  var g = attnGeom(node.attrs, shapes(node.inputs)), dt = node.inputs[0]!.dtype;
  var out: ValueType[] = [{ dtype: dt, shape: g.rank === 4 ? [g.B, g.Hq, g.Sq, g.Dv] : [g.B, g.Sq, g.Hq * g.Dv] }];
  if (node.numOutputs > 1) out.push({ dtype: dt, shape: [g.B, g.Hkv, g.T, g.D] });
  if (node.numOutputs > 2) out.push({ dtype: dt, shape: [g.B, g.Hkv, g.T, g.Dv] });
  if (node.numOutputs > 3) out.push({ dtype: dt, shape: [g.B, g.Hq, g.Sq, g.T] });
  return out;
};

// Per query row: scores = scale * q.k over the T keys (past then new), softcap, + mask, causal
// and padding bias, softmax, then Y = sum p_j v_j. A row with every key masked gives zeros.
export function prepare(node: Node) {
  var ins = node.inputs, g = attnGeom(node.attrs, shapes(ins));
  var B = g.B, Hq = g.Hq, Hkv = g.Hkv, Sq = g.Sq, P = g.P, T = g.T, D = g.D, Dv = g.Dv, reps = Hq / Hkv;
  var qs = g.q, ks = g.k, vs = g.v;
  var q = ins[0]!.data, k = ins[1]!.data, v = ins[2]!.data, y = node.outputs[0].data;
  var pk = ins[4] ? ins[4]!.data : null, pv = ins[5] ? ins[5]!.data : null, nonpad = ins[6] ? ins[6]!.data : null;
  var M = ins[3], m = M ? M.data : null, mbool = M ? M.dtype === BOOL : false;
  var Tm = M ? M.shape[M.shape.length - 1] : 0, ms = M ? broadcastStrides(M.shape, [B, Hq, Sq, Tm]) : [0, 0, 0, 0];
  if (Tm > T) fail('attn_mask covers ' + Tm + ' keys, more than the ' + T + ' there are');
  var outs = node.outputs, o1 = opt(outs[1]), o2 = opt(outs[2]), o3 = opt(outs[3]);
  var mode = node.attrs.qk_matmul_output_mode || 0, cap = node.attrs.softcap || 0, causal = node.attrs.is_causal === 1;
  var scale = node.attrs.scale === undefined ? 1 / Math.sqrt(D) : node.attrs.scale;
  var yst = g.rank === 4 ? [Hq * Sq * Dv, Sq * Dv, Dv] : [Sq * Hq * Dv, Dv, Hq * Dv];
  var s = new Float64Array(T), acc = new Float64Array(Dv);
  return function () {
    for (var b = 0; b < B; b++) {
      var off = P;
      if (nonpad && !pk) off = nonpad[b] - Sq;
      for (var h = 0; h < Hq; h++) {
        var hk = (h / reps) | 0;
        for (var i = 0; i < Sq; i++) {
          var qo = b * qs[0] + h * qs[1] + i * qs[2], mo = b * ms[0] + h * ms[1] + i * ms[2];
          var mx = -Infinity, j, d, t, w;
          for (j = 0; j < T; j++) {
            var kr = j < P ? ((b * Hkv + hk) * P + j) * D : b * ks[0] + hk * ks[1] + (j - P) * ks[2];
            var kd = j < P ? pk! : k, dot = 0;
            for (d = 0; d < D; d++) dot += q[qo + d] * kd[kr + d];
            dot *= scale;
            if (cap > 0) dot = cap * tanh(dot / cap);
            var raw = dot;
            if (m) {
              if (j >= Tm) dot = -Infinity;
              else if (mbool) { if (!m[mo + j * ms[3]]) dot = -Infinity; }
              else dot += m[mo + j * ms[3]];
            }
            if (causal && j > i + off) dot = -Infinity;
            if (nonpad && j >= nonpad[b]) dot = -Infinity;
            s[j] = dot;
            if (dot > mx) mx = dot;
            if (o3 && mode < 2) o3[((b * Hq + h) * Sq + i) * T + j] = raw;
            else if (o3 && mode === 2) o3[((b * Hq + h) * Sq + i) * T + j] = dot;
          }
          var sum = 0;
          if (mx === -Infinity) for (j = 0; j < T; j++) s[j] = 0;
          else { for (j = 0; j < T; j++) { t = Math.exp(s[j] - mx); s[j] = t; sum += t; } sum = 1 / sum; }
          for (d = 0; d < Dv; d++) acc[d] = 0;
          for (j = 0; j < T; j++) {
            w = s[j] * sum;
            if (o3 && mode === 3) o3[((b * Hq + h) * Sq + i) * T + j] = w;
            if (w === 0) continue;
            var vr = j < P ? ((b * Hkv + hk) * P + j) * Dv : b * vs[0] + hk * vs[1] + (j - P) * vs[2];
            var vd = j < P ? pv! : v;
            for (d = 0; d < Dv; d++) acc[d] += w * vd[vr + d];
          }
          var yo = b * yst[0] + h * yst[1] + i * yst[2];
          for (d = 0; d < Dv; d++) y[yo + d] = acc[d];
        }
      }
    }
    // present_key / present_value: past followed by the new keys/values, [B, Hkv, T, dim].
    if (o1) concatKV(o1, pk, k, ks, B * Hkv, Hkv, P, T, D);
    if (o2) concatKV(o2, pv, v, vs, B * Hkv, Hkv, P, T, Dv);
  };
}

// dst [B*Hkv, T, dim] = past [B*Hkv, P, dim] followed by cur (strides st), per (batch, head).
function concatKV(dst: any, past: any, cur: any, st: number[], BH: number, H: number, P: number, T: number, dim: number) {
  var o = 0;
  for (var bh = 0; bh < BH; bh++) for (var j = 0; j < T; j++) {
    var src = j < P ? past : cur, r = j < P ? (bh * P + j) * dim : ((bh / H) | 0) * st[0] + (bh % H) * st[1] + (j - P) * st[2];
    for (var d = 0; d < dim; d++) dst[o++] = src[r + d];
  }
}

// An optional output the model asks for (omitted ones may come as absent or empty).
function opt(t: { data: any } | undefined) {
  return t && t.data && t.data.length ? t.data : null;
}
