// Which element-wise ops after a Conv/MatMul/Gemm/Add/Mul fold into its requantization, and how.
// A chain of them is one piecewise-linear function of the pre-activation v:
//   f(v) = clamp(v >= 0 ? v : alpha * v, lo, hi)        (alpha >= 0; 1 when there is none)
// Relu, Clip, Max/Min with a scalar constant narrow [lo, hi]; LeakyRelu/PRelu with a scalar
// slope 0..1 set alpha (QConv/QMatMul only: they requantize negative sums with their own multiplier).
// Quantization is monotonic, so Q(f(v)) = clamp(Q(v>=0 ? v : alpha v), Q(lo), Q(hi)) exactly:
// the clamp becomes the kernel's act_min/act_max. The quantizer (plan.ts) and fuseQdq both
// use these rules, so what one emits the other fuses.
import { Node } from '../../ir';
import { roundHalfEven } from '../../../device/kernels/quant/round';

export interface Act { lo: number; hi: number; alpha: number }

export var NO_ACT: Act = { lo: -Infinity, hi: Infinity, alpha: 1 };

export type ConstOf = (name: string) => { shape: number[]; data: ArrayLike<number> } | null;
export type RankOf = (name: string) => number | null;

function scalar(c: ReturnType<ConstOf>): number | null {
  return c && c.data.length === 1 ? c.data[0] : null;
}

function clampTo(x: number, a: number, b: number) { return x < a ? a : x > b ? b : x; }

// f followed by clamp(., a, b).
function thenClamp(f: Act, a: number, b: number): Act {
  return { lo: clampTo(f.lo, a, b), hi: clampTo(f.hi, a, b), alpha: f.alpha };
}

// f followed by a leaky step with slope s >= 0 (monotonic, so the bounds map through it).
function thenLeaky(f: Act, s: number): Act {
  var g = (x: number) => (x >= 0 ? x : s * x);
  return { lo: g(f.lo), hi: g(f.hi), alpha: f.alpha * s };
}

// The activation after `node` (which reads `cur` as its data input), or null when it does not fold.
export function actStep(node: Node, cur: string, f: Act, leakyOk: boolean, constOf: ConstOf, rankOf: RankOf, opset: number): Act | null {
  if (node.domain !== '' || node.outputs.filter(Boolean).length !== 1) return null;
  var ins = node.inputs;
  var other = (): number | null => {
    if (ins.length !== 2 || (ins[0] === cur) === (ins[1] === cur)) return null;
    var name = ins[0] === cur ? ins[1] : ins[0], c = constOf(name), s = scalar(c);
    var rc = c ? c.shape.length : null, rx = rankOf(cur);
    if (s === null || rc === null || rx === null || rc > rx || !isFinite(s)) return null;   // broadcasting must not grow the rank
    return s;
  };
  switch (node.op) {
    case 'Relu':
      return ins[0] === cur ? thenClamp(f, 0, Infinity) : null;
    case 'Clip': {
      if (ins[0] !== cur) return null;
      var a = -Infinity, b = Infinity;
      if (opset < 11) {
        if (node.attrs.min) a = node.attrs.min.value;
        if (node.attrs.max) b = node.attrs.max.value;
      } else {
        if (ins[1]) { var s1 = scalar(constOf(ins[1])); if (s1 === null) return null; a = s1; }
        if (ins[2]) { var s2 = scalar(constOf(ins[2])); if (s2 === null) return null; b = s2; }
      }
      if (!(a <= b)) return null;
      return thenClamp(f, a, b);
    }
    case 'Max': { var c = other(); return c === null ? null : thenClamp(f, c, Infinity); }
    case 'Min': { var c2 = other(); return c2 === null ? null : thenClamp(f, -Infinity, c2); }
    case 'LeakyRelu': {
      if (!leakyOk || ins[0] !== cur) return null;
      var alpha = node.attrs.alpha ? node.attrs.alpha.value : 0.01;
      return alpha >= 0 && alpha <= 1 ? thenLeaky(f, alpha) : null;
    }
    case 'PRelu': {
      if (!leakyOk || ins[0] !== cur) return null;
      var sl = scalar(constOf(ins[1]));
      var c3 = constOf(ins[1]), rx = rankOf(cur);
      if (sl === null || sl < 0 || sl > 1 || !c3 || rx === null || c3.shape.length > rx) return null;
      return thenLeaky(f, sl);
    }
  }
  return null;
}

// A float bound quantized as QuantizeLinear would (float32 quotient, half to even, saturated);
// +-Infinity saturate.
export function qBound(v: number, scale: number, zp: number, lo: number, hi: number): number {
  if (v === Infinity) return hi;
  if (v === -Infinity) return lo;
  var r = roundHalfEven(Math.fround(v / scale)) + zp;
  return r < lo ? lo : r > hi ? hi : r;
}
