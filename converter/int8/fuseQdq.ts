// Imports models quantized in QDQ form: DequantizeLinear → op → QuantizeLinear groups become
// tinyonnx.int8 kernels, as onnxruntime's QDQ transformers do; everything else keeps its float
// path (the remaining DequantizeLinear/QuantizeLinear nodes run as ordinary ops).
//
//   DQ(x), DQ(w const), DQ(bias int32) → Conv [→ activations] → Q      QConv (bias: an int32 attribute)
//   DQ(a), DQ(b) → MatMul | Gemm (transA 0) [→ activations] → Q       QMatMul (Gemm's B transposed at build time)
//   DQ(a), DQ(b) → Add | Mul [→ Relu/Clip/Max/Min] → Q                 QAdd | QMul
//   DQ(x) → MaxPool | AveragePool | GlobalAveragePool → Q             QMaxPool | QAveragePool | QGlobalAveragePool
//   DQ(x_i) → Concat → Q                                              QConcat
//   DQ(x) → element-wise chain (Sigmoid, Tanh, LeakyRelu, x*c...) → Q  QLookup (256-entry table)
//   DQ(x) → Reshape | Flatten | Squeeze | Unsqueeze | Transpose | Identity | Slice | Gather → Q
//            with the same scale and zero point                       the same op on int8 data
//   float x, DQ(int8 w const) → Conv | MatMul | Gemm (no Q after)      WConv | WMatMul (weights only)
//   DynamicQuantizeLinear → ConvInteger | MatMulInteger → Cast → Mul
//            [→ Add(bias)] [→ activations] (onnxruntime's dynamic form)  DynQConv | DynQMatMul
// "activations" are Relu, Clip, Max/Min with a scalar and LeakyRelu/PRelu (quantize/activations.ts).
// Requantization multipliers, shifts, clamps and tables are all computed here, at build time.
// Each intermediate must feed only the next node of its group (as onnxruntime requires).
// The pass runs before inference (so DequantizeLinear of weights is not folded to float); the
// shapes it needs come from inferring a copy of the graph. Each pattern is a module of qdq/.
import { Graph, Model, Node, Value } from '../ir';
import { Namer } from '../graph/names';
import { GraphIndex } from '../graph/uses';
import { QdqContext, Fusion, Matcher, isOp, inferredValues } from './qdq/context';
import { conv } from './qdq/conv';
import { matMul } from './qdq/matmul';
import { weightOnly } from './qdq/weightOnly';
import { dynamic } from './qdq/dynamic';
import { addMul } from './qdq/addMul';
import { pool, POOLS } from './qdq/pool';
import { concat } from './qdq/concat';
import { move, MOVES } from './qdq/move';
import { lookup } from './qdq/lookup';
import { INT8_DOMAIN } from '../../device/kernels/int8/domain';
import * as D from '../../device/dtype';

// Tried in order on each node whose op is listed (ops null: any op); the first match wins.
var PATTERNS: { ops: string[] | null; match: Matcher }[] = [
  { ops: ['Conv'], match: conv },
  { ops: ['MatMul', 'Gemm'], match: matMul },
  { ops: ['Conv', 'MatMul', 'Gemm'], match: weightOnly },
  { ops: ['ConvInteger', 'MatMulInteger'], match: dynamic },
  { ops: ['Add', 'Mul'], match: addMul },
  { ops: POOLS, match: pool },
  { ops: ['Concat'], match: concat },
  { ops: MOVES, match: move },
  { ops: null, match: lookup },     // element-wise ops only (isUnaryOn decides)
];

export function hasQdq(g: Graph): boolean {
  return g.nodes.some(n => isOp(n, 'DequantizeLinear') || isOp(n, 'QuantizeLinear') || isOp(n, 'DynamicQuantizeLinear'));
}

export function fuseQdq(model: Model, known?: Map<string, Value>, names?: Namer): void {
  if (!hasQdq(model.graph)) return;
  var ctx = new QdqContext(model, known || inferredValues(model), names || new Namer(model.graph));
  if (!applyPatterns(ctx)) return;
  dropUnreadDequantize(ctx);
  noteRemainingQdq(ctx);
  absorbTables(ctx);
  if (!model.opsets[INT8_DOMAIN]) model.opsets[INT8_DOMAIN] = 1;
}

function matchAt(ctx: QdqContext, n: Node): Fusion | null {
  for (var p of PATTERNS) {
    if (p.ops && p.ops.indexOf(n.op) < 0) continue;
    var f = p.match(ctx, n);
    if (f) return f;
  }
  return null;
}

// Matches every node once, in graph order (a node already fused into a group is skipped), then
// puts each fused node at its group's QuantizeLinear. False when nothing matched.
function applyPatterns(ctx: QdqContext): boolean {
  var removed = new Set<Node>(), replacement = new Map<Node, Node>();
  for (var n of ctx.g.nodes) {
    if (removed.has(n) || n.domain !== '') continue;
    var f = matchAt(ctx, n);
    if (!f || f.remove.some(r => removed.has(r))) continue;
    for (var r of f.remove) removed.add(r);
    replacement.set(f.q ? f.q.node : f.remove[0], f.node);
  }
  if (!replacement.size) return false;
  var nodes: Node[] = [];
  for (var n of ctx.g.nodes) {
    if (replacement.has(n)) nodes.push(replacement.get(n)!);
    else if (!removed.has(n)) nodes.push(n);
  }
  ctx.g.nodes = nodes;
  return true;
}

// DequantizeLinear nodes nothing reads any more (their consumers were fused).
function dropUnreadDequantize(ctx: QdqContext) {
  var idx = new GraphIndex(ctx.g);
  ctx.g.nodes = ctx.g.nodes.filter(n => !(isOp(n, 'DequantizeLinear') && !idx.uses(n.outputs[0]).length && !idx.outputs.has(n.outputs[0])));
  ctx.index = idx;
}

// Quantization notes for the QuantizeLinear/DequantizeLinear nodes that stay (float paths).
function noteRemainingQdq(ctx: QdqContext) {
  for (var n of ctx.g.nodes) {
    if (isOp(n, 'DequantizeLinear')) { var d = ctx.dqOf(n.outputs[0]); if (d && d.dtype !== D.INT32 && !d.xData) ctx.noteDq(d); }
    if (isOp(n, 'QuantizeLinear')) {
      var s = ctx.constOf(n.inputs[1]), z = n.inputs[2] ? ctx.constOf(n.inputs[2]) : null;
      if (s && s.data.length === 1) ctx.note(n.outputs[0], [s.data[0]], [z ? z.data[0] : 0], -1);
    }
  }
}

// A table right after a QConv/QMatMul (LeakyRelu, Sigmoid... on its output) becomes the
// kernel's optional table input: one pass, and no intermediate tensor.
function absorbTables(ctx: QdqContext) {
  var g = ctx.g, idx = new GraphIndex(g), gone = new Set<Node>();
  for (var n of g.nodes) {
    if (n.domain !== INT8_DOMAIN || n.op !== 'QLookup') continue;
    var p = idx.producer.get(n.inputs[0]);
    if (!p || p.domain !== INT8_DOMAIN || (p.op !== 'QConv' && p.op !== 'QMatMul') || p.inputs[2] || !idx.soleUse(n.inputs[0])) continue;
    var lut = ctx.namer.fresh(p.name + '/lut'), tv = g.values.get(n.inputs[1])!;   // named after its kernel
    g.values.delete(n.inputs[1]);
    g.values.set(lut, { ...tv, name: lut });
    p.inputs = [p.inputs[0], p.inputs[1], lut];
    p.outputs = n.outputs.slice();
    gone.add(n);
  }
  g.nodes = g.nodes.filter(n => !gone.has(n));
}
