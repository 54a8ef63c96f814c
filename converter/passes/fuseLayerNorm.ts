// LayerNorm written out as elementary ops (what exporters emit below opset 17: PyTorch's
// nn.LayerNorm, Keras' LayerNormalization) becomes one LayerNormalization node:
//
//   m = ReduceMean(x, last axes)      d = Sub(x, m)      v = ReduceMean(Pow(d, 2) | Mul(d, d))
//   s = Sqrt(Add(v, eps))             n = Div(d, s) | Mul(d, Reciprocal(s))
//   y = n [· gamma] [+ beta]          (gamma, beta constants over the normalized axes)
//
// Nine nodes and eight intermediate tensors become one node: a smaller model.tnx (each node and
// tensor costs its table entry and name), one pass over the data instead of nine, and for
// --quantize int8 one float region between DequantizeLinear and QuantizeLinear instead of a
// chain of float ops (the quantizer leaves LayerNormalization in float).
//
// Fused only when every intermediate value has no other reader (subgraphs included) and is no
// graph output, so nothing else can observe the difference. The kernel computes mean and
// variance in double, the decomposed form rounds each step to float32: results differ in the
// last bits, as any runtime's fused LayerNorm does.
//
// ONNX standardized LayerNormalization in opset 17; onnxruntime runs it in the ai.onnx domain at
// every opset (its schema from before 17 has the same attributes and meaning), so the node is
// also emitted into older models, and the registry's kernel accepts it there (since: 1).
// Runs in every graph, subgraphs (If/Loop/Scan bodies) included, after inference and folding
// (constants known, shapes static).
import { Graph, Model, Node, Value } from '../ir';
import { Namer } from '../graph/names';
import { staticShape } from '../graph/shapes';
import { GraphIndex, subgraphsOf } from '../graph/uses';
import * as D from '../../device/dtype';

function isOp(n: Node | null | undefined, op: string): n is Node { return !!n && n.op === op && n.domain === ''; }
var DEFAULT_EPS = Math.fround(1e-5);

interface Match { nodes: Node[]; x: string; out: string; axis: number; eps: number; gamma: string | null; beta: string | null }

export function fuseLayerNorm(model: Model): void {
  var namer = new Namer(model.graph);
  fuseIn(model, model.graph, [], namer);
}

function fuseIn(model: Model, g: Graph, outer: Graph[], namer: Namer) {
  var scopes = outer.concat([g]);
  for (var n of g.nodes) for (var sg of subgraphsOf(n)) fuseIn(model, sg, scopes, namer);

  var lookup = (name: string): Value | undefined => {
    for (var i = scopes.length - 1; i >= 0; i--) { var v = scopes[i].values.get(name); if (v) return v; }
    return undefined;
  };
  var constOf = (name: string) => { var v = name ? lookup(name) : undefined; return v && v.data && staticShape(v) ? v : null; };
  var scalarConst = (name: string): number | null => { var c = constOf(name); return c && c.data!.length === 1 ? c.data![0] : null; };
  var index = new GraphIndex(g);
  // The one node reading `name` (once, from this graph, and no graph output).
  var next = (name: string): Node | null => { var u = index.soleUse(name); return u ? u.node : null; };
  var other = (n: Node, name: string) => (n.inputs.length === 2 && n.inputs[0] === name ? n.inputs[1] : n.inputs.length === 2 && n.inputs[1] === name ? n.inputs[0] : null);

  var trailingAxes = (r: Node, rank: number) => trailingAxesOf(r, rank, constOf);
  var paramOk = (name: string | null, dtype: number, norm: number[]) => broadcastsOver(name, dtype, norm, constOf);

  function match(r1: Node): Match | null {
    var x = r1.inputs[0], xv = lookup(x), xs = staticShape(xv);
    if (!xv || !xs || (xv.dtype !== D.FLOAT && xv.dtype !== D.DOUBLE) || constOf(x)) return null;
    var rank = xs.length, k = trailingAxes(r1, rank);
    if (!k) return null;
    var sub = next(r1.outputs[0]);
    if (!isOp(sub, 'Sub') || sub.inputs[0] !== x || sub.inputs[1] !== r1.outputs[0]) return null;
    var d = sub.outputs[0], uses = index.uses(d);
    if (index.outputs.has(d) || uses.some(u => u.index < 0)) return null;
    var readers = Array.from(new Set(uses.map(u => u.node)));
    if (readers.length !== 2) return null;
    var isSq = (n: Node) => (isOp(n, 'Pow') && n.inputs[0] === d && scalarConst(n.inputs[1]) === 2) ||
      (isOp(n, 'Mul') && n.inputs.length === 2 && n.inputs[0] === d && n.inputs[1] === d);
    var sq = isSq(readers[0]) ? readers[0] : isSq(readers[1]) ? readers[1] : null;
    if (!sq) return null;
    var div = readers[0] === sq ? readers[1] : readers[0];
    if (uses.length !== (sq.op === 'Mul' ? 3 : 2)) return null;
    var r2 = next(sq.outputs[0]);
    if (!isOp(r2, 'ReduceMean') || r2.inputs[0] !== sq.outputs[0] || trailingAxes(r2, rank) !== k) return null;
    var add = next(r2.outputs[0]);
    if (!isOp(add, 'Add')) return null;
    var epsIn = other(add, r2.outputs[0]), eps = epsIn === null ? null : scalarConst(epsIn);
    if (eps === null) return null;
    var sqrt = next(add.outputs[0]);
    if (!isOp(sqrt, 'Sqrt')) return null;
    var nodes: Node[] = [r1, sub, sq, r2, add, sqrt], s = sqrt.outputs[0], after: Node | null = next(s);
    if (after && after.op === 'Reciprocal' && after.domain === '') {
      nodes.push(after);
      s = after.outputs[0];
      if (next(s) !== div || div.op !== 'Mul' || div.domain !== '' || other(div, s) !== d) return null;
    } else if (after !== div || div.op !== 'Div' || div.domain !== '' || div.inputs[0] !== d || div.inputs[1] !== s) return null;
    nodes.push(div);
    var out = div.outputs[0], norm = xs.slice(rank - k), gamma: string | null = null, beta: string | null = null;
    var sameShape = (name: string) => { var v = staticShape(lookup(name)); return !!v && v.join() === xs!.join(); };
    var mul = next(out);
    if (isOp(mul, 'Mul') && paramOk(other(mul, out), xv.dtype, norm) && sameShape(mul.outputs[0])) {
      gamma = other(mul, out); nodes.push(mul); out = mul.outputs[0];
    }
    var plus = next(out);
    if (isOp(plus, 'Add') && paramOk(other(plus, out), xv.dtype, norm) && sameShape(plus.outputs[0])) {
      beta = other(plus, out); nodes.push(plus); out = plus.outputs[0];
    }
    return { nodes, x, out, axis: rank - k, eps, gamma, beta };
  }

  var param = (name: string | null, fill: number, m: Match, base: string, dtype: number) =>
    normParam(g, namer, lookup, constOf, name, fill, staticShape(lookup(m.x))!.slice(m.axis), base, dtype);

  var fused = new Map<Node, Node>(), gone = new Set<Node>();
  for (var r1 of g.nodes) {
    if (!isOp(r1, 'ReduceMean') || gone.has(r1)) continue;
    var m = match(r1);
    if (!m || m.nodes.some(x => gone.has(x))) continue;
    var dtype = lookup(m.x)!.dtype;
    // named like its nodes: '/2/ReduceMean', '/2/Sub'... → '/2/LayerNormalization'
    var names = m.nodes.map(x => x.name), slash = names[0].lastIndexOf('/') + 1, prefix = names[0].slice(0, slash);
    if (!names.every(x => x.slice(0, slash) === prefix)) prefix = '';
    var name = namer.fresh(prefix + 'LayerNormalization');
    var attrs: Node['attrs'] = {};
    if (m.axis !== lookup(m.x)!.shape!.length - 1) attrs.axis = { type: 'int', value: m.axis };
    if (Math.fround(m.eps) !== DEFAULT_EPS) attrs.epsilon = { type: 'float', value: m.eps };
    var inputs = [m.x, param(m.gamma, 1, m, name + '_scale', dtype)];
    if (m.beta) inputs.push(param(m.beta, 0, m, name + '_bias', dtype));
    var ln: Node = { name, op: 'LayerNormalization', domain: '', inputs, outputs: [m.out], attrs };
    for (var x of m.nodes) gone.add(x);
    fused.set(m.nodes[m.nodes.length - 1], ln);
    for (var x of m.nodes) for (var o of x.outputs) if (o && o !== m.out) g.values.delete(o);
  }
  if (!fused.size) return;
  // The fused node takes the place of the pattern's last node: its inputs (x and constants)
  // are all ready there, and every reader of its output comes after it.
  g.nodes = g.nodes.flatMap(x => (fused.has(x) ? [fused.get(x)!] : gone.has(x) ? [] : [x]));
}

type ConstOf = (name: string) => Value | null;

// ReduceMean over the last axes with keepdims: how many axes, or 0.
function trailingAxesOf(r: Node, rank: number, constOf: ConstOf): number {
  if (r.attrs.keepdims && r.attrs.keepdims.value === 0) return 0;
  var axes: number[] | null = r.attrs.axes ? r.attrs.axes.value : null;
  if (r.inputs[1]) { var c = constOf(r.inputs[1]); if (!c) return 0; axes = Array.from(c.data!); }
  if (!axes || !axes.length) {
    if (r.attrs.noop_with_empty_axes && r.attrs.noop_with_empty_axes.value) return 0;
    axes = [];
    for (var d = 0; d < rank; d++) axes.push(d);   // no axes: every axis
  }
  var norm = axes.map(a => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  for (var i = 0; i < norm.length; i++) if (norm[i] !== rank - norm.length + i) return 0;
  return norm.length;
}
// A constant that broadcasts over the normalized axes only (leading dims 1).
function broadcastsOver(name: string | null, dtype: number, norm: number[], constOf: ConstOf): boolean {
  var c = name ? constOf(name) : null;
  if (!c || c.dtype !== dtype) return false;
  var s = (c.shape as number[]).slice();
  while (s.length > norm.length) { if (s[0] !== 1) return false; s.shift(); }
  for (var i = 0; i < s.length; i++) { var d = s[s.length - 1 - i], nd = norm[norm.length - 1 - i]; if (d !== 1 && d !== nd) return false; }
  return true;
}

// A scale or bias shaped exactly like the normalized axes (what every runtime accepts).
function normParam(g: Graph, namer: Namer, lookup: (name: string) => Value | undefined, constOf: ConstOf, name: string | null, fill: number,
                   norm: number[], base: string, dtype: number): string {
  var size = D.sizeOf(norm);
  var c = name ? constOf(name) : null;
  if (c && (c.shape as number[]).join() === norm.join()) return name!;
  var data = new (D.ARRAY_OF[dtype]!)(size);
  if (!c) data.fill(fill);
  else {
    // broadcast at build time: c's shape right-aligned with the normalized axes, dims 1 repeated
    var cs = (c.shape as number[]).slice(-norm.length);
    while (cs.length < norm.length) cs.unshift(1);
    for (var i = 0; i < size; i++) {
      var rem = i, off = 0, stride = 1;
      for (var a = norm.length - 1; a >= 0; a--) {
        if (cs[a] !== 1) off += (rem % norm[a]) * stride;
        stride *= cs[a]; rem = Math.floor(rem / norm[a]);
      }
      data[i] = c.data![off];
    }
  }
  var nm = namer.fresh(base);
  g.values.set(nm, { name: nm, dtype, shape: norm.slice(), data });
  return nm;
}
