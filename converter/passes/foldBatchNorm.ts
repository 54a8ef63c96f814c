// BatchNormalization (inference form) after a Conv, ConvTranspose or Gemm whose weights are
// constant is folded into that node's weights and bias:
//   s = scale / sqrt(var + eps);   W'[out channel c] = W[c] * s[c];   b'[c] = (b[c] - mean[c]) * s[c] + B[c]
// One node, one pass over the data and one buffer fewer: what every inference runtime does,
// so results differ from the two-node form only in the last bits (the folded constants are
// computed in double, rounded once to float32).
//
// Folded only when the producer's output has no other reader and is no graph output, every
// BatchNormalization parameter and the producer's weight (and bias) are float32 constants, and
// BatchNormalization is not in training mode. Runs on the main graph after inference and
// folding (constants known, shapes static).
import { Graph, Model, Node } from '../ir';
import { Namer } from '../graph/names';
import { staticShape } from '../graph/shapes';
import { GraphIndex, constData } from '../graph/uses';
import * as D from '../../device/dtype';

type Const = { dtype: number; shape: number[]; data: D.TypedArray };

export function foldBatchNorm(model: Model): void {
  var g = model.graph, index = new GraphIndex(g), namer = new Namer(g), gone = new Set<Node>();
  var konst = (name: string): Const | null => { var c = constData(g, index, name); return c && c.dtype === D.FLOAT ? c : null; };
  for (var bn of g.nodes) {
    if (bn.op !== 'BatchNormalization' || bn.domain !== '' || bn.outputs.filter(Boolean).length !== 1) continue;
    if ((bn.attrs.training_mode && bn.attrs.training_mode.value) || (bn.attrs.spatial && bn.attrs.spatial.value === 0)) continue;
    var use = index.soleUse(bn.inputs[0]), p = index.producer.get(bn.inputs[0]);
    if (!use || use.node !== bn || !p || p.domain !== '' || gone.has(p) || p.attrs.activation) continue;
    var params = bn.inputs.slice(1, 5).map(konst);
    if (params.length !== 4 || params.some(c => !c)) continue;
    var eps = bn.attrs.epsilon ? bn.attrs.epsilon.value : 1e-5;
    var [scale, bias, mean, variance] = params as Const[], M = scale.data.length;
    if ([bias, mean, variance].some(c => c.data.length !== M)) continue;
    var s = new Float64Array(M);
    for (var c = 0; c < M; c++) s[c] = scale.data[c] / Math.sqrt(variance.data[c] + eps);
    var shift = (c: number, b: number) => (b - mean.data[c]) * s[c] + bias.data[c];
    if (!foldInto(g, p, konst, s, shift, M, namer)) continue;
    p.outputs[0] = bn.outputs[0];
    g.values.delete(bn.inputs[0]);
    gone.add(bn);
  }
  if (gone.size) g.nodes = g.nodes.filter(n => !gone.has(n));
}

// Rewrites p's weight and bias inputs to folded copies; false (p untouched) if p does not fit.
function foldInto(g: Graph, p: Node, konst: (n: string) => Const | null, s: Float64Array,
                  shift: (c: number, b: number) => number, M: number, namer: Namer): boolean {
  var W = konst(p.inputs[1]), B = p.inputs[2] ? konst(p.inputs[2]) : null;
  if (!W || (p.inputs[2] && !B)) return false;
  var w = new Float32Array(W.data.length), n = w.length, ws = W.shape, out: Float32Array;
  if (p.op === 'Conv' || p.op === 'ConvTranspose') {
    var group = p.attrs.group ? p.attrs.group.value : 1, inner = n / (ws[0] * ws[1]);
    if (B && B.data.length !== M) return false;
    if (p.op === 'Conv') {
      if (ws[0] !== M) return false;
      for (var i = 0; i < n; i++) w[i] = W.data[i] * s[Math.floor(i / (n / M))];
    } else {
      // ConvTranspose weights are [C, M/group, k...]: input channel ci feeds outputs of its group.
      var Mg = ws[1], Cg = ws[0] / group;
      if (Mg * group !== M) return false;
      for (var i = 0; i < n; i++) {
        var ci = Math.floor(i / (Mg * inner)), j = Math.floor(i / inner) % Mg;
        w[i] = W.data[i] * s[Math.floor(ci / Cg) * Mg + j];
      }
    }
    out = new Float32Array(M);
    for (var c = 0; c < M; c++) out[c] = shift(c, B ? B.data[c] : 0);
  } else if (p.op === 'Gemm') {
    // Per output column: B' scales column c; C' = (beta C - mean) s + bias, beta becomes 1.
    var tB = p.attrs.transB && p.attrs.transB.value === 1, N = tB ? ws[0] : ws[1], yShape = staticShape(g.values.get(p.outputs[0]));
    if (N !== M || !yShape || yShape.length !== 2) return false;
    for (var i = 0; i < n; i++) w[i] = W.data[i] * s[tB ? Math.floor(i / ws[1]) : i % N];
    var beta = p.attrs.beta ? p.attrs.beta.value : 1, rows = 1;
    if (B) {
      var cs = B.shape.slice();
      while (cs.length < 2) cs.unshift(1);
      if (cs[1] !== 1 && cs[1] !== N) return false;
      rows = cs[0];
    }
    out = new Float32Array(rows * N);
    for (var r = 0; r < rows; r++) for (var c = 0; c < N; c++) {
      var cv = B ? B.data[B.data.length === 1 ? 0 : B.shape.length === 2 && B.shape[1] === 1 ? r : r * N + c] : 0;
      out[r * N + c] = shift(c, beta * cv);
    }
    p.attrs.beta = { type: 'float', value: 1 };
    var cName = namer.fresh(p.name + '_bn_C');
    g.values.set(cName, { name: cName, dtype: D.FLOAT, shape: rows === 1 ? [N] : [rows, N], data: out });
    setWeight(g, p, w, ws, namer);
    p.inputs[2] = cName;
    return true;
  } else return false;
  setWeight(g, p, w, ws, namer);
  var bName = namer.fresh(p.name + '_bn_bias');
  g.values.set(bName, { name: bName, dtype: D.FLOAT, shape: [M], data: out });
  if (p.inputs.length < 3) p.inputs.push(bName); else p.inputs[2] = bName;
  return true;
}

function setWeight(g: Graph, p: Node, w: Float32Array, shape: number[], namer: Namer) {
  var name = namer.fresh(p.name + '_bn_W');
  g.values.set(name, { name, dtype: D.FLOAT, shape: shape.slice(), data: w });
  p.inputs[1] = name;
}
