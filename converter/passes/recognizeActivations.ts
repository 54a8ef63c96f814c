// Activations written out as elementary ops become the one node that computes them:
//   HardSigmoid  Clip(x + 3, 0, 6) / 6   (or · 1/6)
//   HardSwish    x · HardSigmoid(x) (alpha 1/6, beta 1/2),  x · Clip(x + 3, 0, 6) / 6
//   SiLU         x · Sigmoid(x)                                     → Swish (alpha 1)
//   GELU         x/2 · (1 + Erf(x / √2)),  x/2 · (1 + Tanh(√(2/π) (x + 0.044715 x³)))   → Gelu
//   Max(x, c)    with a nonzero scalar constant c (a floor, as TF exports it after LeakyRelu)
//                → Clip(x, c): one monomorphic loop instead of the n-ary callback, the same
//                values (x > c: x; x <= c: c; NaN stays NaN; c != 0, so no signed-zero choice)
// Two to eight nodes and their buffers become one loop (and one the fused-activation pass can
// move into a Conv/Gemm/MatMul). Matched only where every intermediate value has one reader
// and is no graph output; float32 only. Results differ from the written-out form in the last
// bits (one rounding instead of one per op), as in any runtime that fuses them.
// HardSwish (opset 14), Swish (24) and Gelu (20) are emitted at any opset: their kernels accept
// every opset, as onnxruntime's contrib forms do. Main graph, after inference and folding.
import { Model, Node } from '../ir';
import { GraphIndex, constData } from '../graph/uses';
import { Namer } from '../graph/names';
import * as D from '../../device/dtype';

var near = (v: number | null, want: number) => v !== null && Math.abs(v - want) <= 1e-6 * Math.max(1, Math.abs(want));

export function recognizeActivations(model: Model): void {
  var g = model.graph;
  for (var pass = 0; pass < 2; pass++) {   // HardSwish can be built on a HardSigmoid found in pass 0
    var index = new GraphIndex(g), gone = new Set<Node>(), placed = new Map<Node, Node>(), namer: Namer | null = null;
    var mx = matchers(g, index, gone), isFloat = mx.isFloat, hsig = mx.hsig;
    var put = (last: Node, nodes: Node[], op: string, x: string, attrs: Node['attrs']) => {
      for (var n of nodes) gone.add(n);
      for (var n of nodes) for (var o of n.outputs) if (o !== last.outputs[0]) g.values.delete(o);
      placed.set(last, { name: last.name, op, domain: '', inputs: [x], outputs: [last.outputs[0]], attrs });
    };
    for (var n of g.nodes) {
      if (gone.has(n) || n.domain !== '' || !isFloat(n.outputs[0])) continue;
      if (n.op === 'Max' && pass === 0 && (model.opsets[''] || 0) >= 11) {
        var floor = maxFloor(g, mx, n);
        if (floor) {
          namer = namer || new Namer(g);
          var cn = namer.fresh(n.name + '_floor');
          g.values.set(cn, { name: cn, dtype: D.FLOAT, shape: [], data: new Float32Array([floor.c]) });
          placed.set(n, { name: n.name, op: 'Clip', domain: '', inputs: [floor.x, cn], outputs: [n.outputs[0]], attrs: {} });
          gone.add(n);
          continue;
        }
      }
      if (n.op === 'Div' || n.op === 'Mul') {
        var hw = n.op === 'Div' ? divSwish(mx, n) : null;
        if (hw) { put(n, hw.nodes, 'HardSwish', hw.x, {}); continue; }
        var hs = hsig(n);
        if (hs) { put(n, hs.nodes, 'HardSigmoid', hs.x, { alpha: { type: 'float', value: 1 / 6 } }); continue; }
        var sw = n.op === 'Mul' ? swishLike(mx, n) : null;
        if (sw) { put(n, sw.nodes, sw.op, sw.x, sw.attrs); continue; }
        var ge = gelu(mx, n);
        if (ge) { put(n, ge.nodes, 'Gelu', ge.x, ge.tanh ? { approximate: { type: 'string', value: 'tanh' } } : {}); continue; }
      }
    }
    if (!gone.size) continue;
    g.nodes = g.nodes.flatMap(x => (placed.has(x) ? [placed.get(x)!] : gone.has(x) ? [] : [x]));
  }
}

// The lookups every pattern uses, over one pass's graph index; `gone` holds nodes already matched.
function matchers(g: Model['graph'], index: GraphIndex, gone: Set<Node>) {
  var scalar = (name: string): number | null => { var c = constData(g, index, name); return c && c.data.length === 1 ? Number(c.data[0]) : null; };
  var prod = (name: string, op: string): Node | null => {
    var p = index.producer.get(name);
    return p && p.op === op && p.domain === '' && !gone.has(p) && index.soleUse(name) ? p : null;
  };
  var isFloat = (name: string) => { var v = g.values.get(name); return !!v && v.dtype === D.FLOAT; };
  // the input of a two-input node that is not `name` (or a constant other input's value)
  var other = (n: Node, name: string) => (n.inputs[0] === name ? n.inputs[1] : n.inputs[1] === name ? n.inputs[0] : null);
  var constOf = (n: Node): { x: string; c: number } | null => {
    var c1 = scalar(n.inputs[1]), c0 = scalar(n.inputs[0]);
    return c1 !== null ? { x: n.inputs[0], c: c1 } : c0 !== null ? { x: n.inputs[1], c: c0 } : null;
  };
  var bounds = (clip: Node): number[] | null => {
    if (clip.attrs.min || clip.attrs.max) return [clip.attrs.min ? clip.attrs.min.value : -Infinity, clip.attrs.max ? clip.attrs.max.value : Infinity];
    var lo = clip.inputs[1] ? scalar(clip.inputs[1]) : null, hi = clip.inputs[2] ? scalar(clip.inputs[2]) : null;
    return lo === null || hi === null ? null : [lo, hi];
  };
  // Clip(x + 3, 0, 6) feeding `name`: x and the nodes, or null.
  var relu6Plus3 = (name: string): { x: string; nodes: Node[] } | null => {
    var clip = prod(name, 'Clip'), b = clip && bounds(clip);
    if (!clip || !b || b[0] !== 0 || b[1] !== 6) return null;
    var add = prod(clip.inputs[0], 'Add'), k = add && constOf(add);
    return add && k && k.c === 3 ? { x: k.x, nodes: [add, clip] } : null;
  };
  // HardSigmoid(x) as Div(Relu6(x+3), 6) | Mul(Relu6(x+3), 1/6) producing `out` from node n.
  var hsig = (n: Node): { x: string; nodes: Node[] } | null => {
    var k = constOf(n);
    if (!k || !((n.op === 'Div' && k.c === 6 && n.inputs[1] !== k.x) || (n.op === 'Mul' && near(k.c, 1 / 6)))) return null;
    var r = relu6Plus3(k.x);
    return r ? { x: r.x, nodes: r.nodes.concat([n]) } : null;
  };
  return { g, index, gone, scalar, prod, isFloat, other, constOf, bounds, relu6Plus3, hsig };
}

type Matchers = ReturnType<typeof matchers>;

// x · f(x) for f = Sigmoid (SiLU), HardSigmoid 1/6 (HardSwish), Relu6(x+3)/6 (HardSwish);
// also x · Relu6(x+3) then / 6.
function swishLike(mx: Matchers, m: Node): { x: string; nodes: Node[]; op: string; attrs: Node['attrs'] } | null {
  for (var side = 0; side < 2; side++) {
    var x = m.inputs[side], f = m.inputs[1 - side];
    var sig = mx.prod(f, 'Sigmoid');
    if (sig && sig.inputs[0] === x) return { x, nodes: [sig, m], op: 'Swish', attrs: {} };
    var hsg = mx.prod(f, 'HardSigmoid');
    if (hsg && hsg.inputs[0] === x && near(hsg.attrs.alpha ? hsg.attrs.alpha.value : 0.2, 1 / 6) && near(hsg.attrs.beta ? hsg.attrs.beta.value : 0.5, 0.5))
      return { x, nodes: [hsg, m], op: 'HardSwish', attrs: {} };
    var p = mx.index.producer.get(f), h = p && mx.index.soleUse(f) && !mx.gone.has(p) && (p.op === 'Div' || p.op === 'Mul') ? mx.hsig(p) : null;
    if (h && h.x === x) return { x, nodes: h.nodes.concat([m]), op: 'HardSwish', attrs: {} };
  }
  return null;
}
// Div(Mul(x, Clip(x + 3, 0, 6)), 6)
function divSwish(mx: Matchers, d: Node): { x: string; nodes: Node[] } | null {
  var k = mx.constOf(d), mm = k && k.c === 6 && d.inputs[1] !== k.x ? mx.prod(k.x, 'Mul') : null;
  if (mm) for (var side = 0; side < 2; side++) {
    var r = mx.relu6Plus3(mm.inputs[1 - side]);
    if (r && r.x === mm.inputs[side]) return { x: r.x, nodes: r.nodes.concat([mm, d]) };
  }
  return null;
}
// x/2 · (1 + e) with e = Erf(x/√2) or Tanh(√(2/π)(x + 0.044715 x³)), the halving anywhere:
// Mul(Mul(x, 1 + e), 0.5), Mul(Mul(x, 0.5), 1 + e), Mul(x, Mul(1 + e, 0.5)).
function gelu(mx: Matchers, m: Node): { x: string; nodes: Node[]; tanh: boolean } | null {
  if (m.op !== 'Mul') return null;
  var k = mx.constOf(m);
  if (k && near(k.c, 0.5)) {
    var m1 = mx.prod(k.x, 'Mul');
    if (m1) for (var side = 0; side < 2; side++) {
      var add = mx.prod(m1.inputs[1 - side], 'Add'), core = add && onePlus(mx, add, m1.inputs[side]);
      if (core) return { x: m1.inputs[side], nodes: core.nodes.concat([add!, m1, m]), tanh: core.tanh };
    }
    return null;
  }
  for (var side = 0; side < 2; side++) {
    var a = m.inputs[side], b = m.inputs[1 - side];
    var h = mx.prod(a, 'Mul'), hk = h && mx.constOf(h);
    if (h && hk && near(hk.c, 0.5)) {
      var add = mx.prod(b, 'Add'), core = add && onePlus(mx, add, hk.x);
      if (core) return { x: hk.x, nodes: core.nodes.concat([add!, h, m]), tanh: core.tanh };
    }
    var m2 = mx.prod(b, 'Mul'), mk = m2 && mx.constOf(m2);
    if (m2 && mk && near(mk.c, 0.5)) {
      var add2 = mx.prod(mk.x, 'Add'), core2 = add2 && onePlus(mx, add2, a);
      if (core2) return { x: a, nodes: core2.nodes.concat([add2!, m2, m]), tanh: core2.tanh };
    }
  }
  return null;
}
// add = 1 + Erf(x/√2) | 1 + Tanh(√(2/π)(x + 0.044715 x³)): the nodes before add, or null.
function onePlus(mx: Matchers, add: Node, x: string): { nodes: Node[]; tanh: boolean } | null {
  var k = mx.constOf(add);
  if (!k || k.c !== 1) return null;
  var erf = mx.prod(k.x, 'Erf');
  if (erf) {
    var u = mx.index.producer.get(erf.inputs[0]), uk = u && mx.index.soleUse(erf.inputs[0]) && u.domain === '' ? mx.constOf(u) : null;
    if (!u || !uk || uk.x !== x) return null;
    if ((u.op === 'Div' && u.inputs[1] !== x && near(uk.c, Math.SQRT2)) || (u.op === 'Mul' && near(uk.c, Math.SQRT1_2)))
      return { nodes: [u, erf], tanh: false };
    return null;
  }
  var th = mx.prod(k.x, 'Tanh'), v = th && mx.prod(th.inputs[0], 'Mul'), vk = v && mx.constOf(v);
  if (!th || !v || !vk || !near(vk.c, Math.sqrt(2 / Math.PI))) return null;
  var w = mx.prod(vk.x, 'Add'), c3 = w && mx.other(w, x), mc = c3 ? mx.prod(c3, 'Mul') : null, mck = mc && mx.constOf(mc);
  if (!w || !mc || !mck || !near(mck.c, 0.044715)) return null;
  var cube = cubeOf(mx, mck.x, x);
  return cube ? { nodes: cube.concat([mc, w, v, th]), tanh: true } : null;
}
// x³ as Pow(x, 3) or Mul(x, Mul(x, x)) in either order: its nodes, or null.
function cubeOf(mx: Matchers, name: string, x: string): Node[] | null {
  var pw = mx.prod(name, 'Pow');
  if (pw) return pw.inputs[0] === x && mx.scalar(pw.inputs[1]) === 3 ? [pw] : null;
  var m = mx.prod(name, 'Mul'), sq = m && mx.other(m, x), sqn = sq ? mx.prod(sq, 'Mul') : null;
  return m && sqn && sqn.inputs[0] === x && sqn.inputs[1] === x ? [sqn, m] : null;
}

// Max(x, c) or Max(c, x): x a float tensor of the output's shape, c a nonzero scalar constant.
function maxFloor(g: Model['graph'], mx: ReturnType<typeof matchers>, n: Node): { x: string; c: number } | null {
  if (n.inputs.length !== 2 || !n.inputs[0] || !n.inputs[1]) return null;
  var k = mx.constOf(n);
  if (!k || k.c === 0 || k.c !== k.c || !mx.isFloat(k.x)) return null;
  var xv = g.values.get(k.x), yv = g.values.get(n.outputs[0]);
  if (!xv || !yv || !xv.shape || !yv.shape || xv.shape.join() !== yv.shape.join()) return null;
  return k;
}
