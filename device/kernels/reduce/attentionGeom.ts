// Geometry of an Attention node (opset 23/24), shared by its infer and prepare.
// Q is [B, Hq, Sq, D] or [B, Sq, Hq*D] (3-D, heads from q_num_heads); K, V likewise with Hkv
// heads; past_key/past_value are [B, Hkv, P, D]; the total key length is T = P + Skv.
import { fail } from '../contract';

export interface AttnGeom {
  B: number; Hq: number; Hkv: number; Sq: number; Skv: number; P: number; T: number; D: number; Dv: number;
  rank: number;
  // element strides (batch, head, sequence) of Q, K and V; the last dim is contiguous
  q: number[]; k: number[]; v: number[];
}

function strides(shape: number[], dim: number): number[] {
  if (shape.length === 4) return [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3]];
  return [shape[1] * shape[2], dim, shape[2]];
}

export function attnGeom(attrs: any, shapes: (number[] | null)[]): AttnGeom {
  var q = shapes[0]!, k = shapes[1]!, v = shapes[2]!, past = shapes[4], rank = q.length;
  if (rank !== 3 && rank !== 4) fail('Q must be 3-D or 4-D, not [' + q + ']');
  if (k.length !== rank || v.length !== rank) fail('Q, K and V must have the same rank');
  var Hq: number, Hkv: number, D: number, Dv: number, Sq: number, Skv: number;
  if (rank === 4) { Hq = q[1]; Hkv = k[1]; Sq = q[2]; Skv = k[2]; D = q[3]; Dv = v[3]; }
  else {
    Hq = attrs.q_num_heads; Hkv = attrs.kv_num_heads;
    if (!(Hq > 0) || !(Hkv > 0)) fail('3-D inputs need q_num_heads and kv_num_heads');
    Sq = q[1]; Skv = k[1]; D = q[2] / Hq; Dv = v[2] / Hkv;
    if (D % 1 || Dv % 1 || k[2] / Hkv !== D) fail('hidden sizes do not divide by the number of heads');
  }
  if (Hq % Hkv !== 0) fail('q heads (' + Hq + ') must be a multiple of kv heads (' + Hkv + ')');
  var P = past ? past[2] : 0;
  return { B: q[0], Hq: Hq, Hkv: Hkv, Sq: Sq, Skv: Skv, P: P, T: P + Skv, D: D, Dv: Dv, rank: rank,
    q: strides(q, D), k: strides(k, D), v: strides(v, Dv) };
}

// tanh for ES5 engines (no Math.tanh): stable for large |x|.
export function tanh(x: number): number {
  var t = Math.exp(-2 * (x < 0 ? -x : x)), r = (1 - t) / (1 + t);
  return x < 0 ? -r : r;
}
