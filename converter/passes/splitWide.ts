// For engines that view at most `maxBytes` of an ArrayBuffer (Espruino: 65535): a MatMul, Gemm
// or Conv (float or int8) whose constant weight is bigger is split along its output channels
// into nodes whose weights fit, and a Concat joins their outputs. Each output element is the
// same dot product as before, so results do not change; int8 pieces keep the output's
// quantization, so the Concat only copies. Weights other ops hold (LSTM, Gather, …) are left
// for targets/espruinoFit.ts to report.
import { Graph, Model, Node, Value } from '../ir';
import { quantOf, QuantInfo } from '../int8/quantize/annotate';
import { INT8_DOMAIN } from '../../device/kernels/int8/domain';
import * as D from '../../device/dtype';

// How each op's weight is laid out: which input is the weight, which of its axes is the output
// channel, the output axis the pieces are joined on, and what else is per output channel.
interface Layout { weight: number; wAxis: number; outAxis: number; perChannelInputs: number[]; perChannelAttrs: string[] }

var INT8_ATTRS = ['bias', 'multiplier', 'shift', 'alpha_multiplier', 'alpha_shift'];

function layoutOf(node: Node, g: Graph): Layout | null {
  var a = node.attrs, int = (k: string) => (a[k] ? a[k].value : 0);
  var rank = (name: string) => { var v = g.values.get(name); return v && v.shape ? v.shape.length : 0; };
  var outRank = rank(node.outputs[0]);
  if (node.domain === '') {
    if (node.op === 'MatMul' && rank(node.inputs[1]) === 2) return { weight: 1, wAxis: 1, outAxis: outRank - 1, perChannelInputs: [], perChannelAttrs: [] };
    if (node.op === 'Gemm' && int('transA') === 0) return { weight: 1, wAxis: int('transB') ? 0 : 1, outAxis: 1, perChannelInputs: [2], perChannelAttrs: [] };
    if (node.op === 'Conv' && (int('group') || 1) === 1) return { weight: 1, wAxis: 0, outAxis: 1, perChannelInputs: [2], perChannelAttrs: [] };
  } else if (node.domain === INT8_DOMAIN) {
    if (node.op === 'QMatMul' && rank(node.inputs[1]) === 2)
      return { weight: 1, wAxis: int('transB') ? 0 : 1, outAxis: outRank - 1, perChannelInputs: [], perChannelAttrs: INT8_ATTRS.concat(['b_zero_point']) };
    if (node.op === 'QConv' && (int('group') || 1) === 1)
      return { weight: 1, wAxis: 0, outAxis: 1, perChannelInputs: [], perChannelAttrs: INT8_ATTRS.concat(['w_zero_point']) };
    if (node.op === 'WMatMul' && rank(node.inputs[1]) === 2)
      return { weight: 1, wAxis: 1, outAxis: outRank - 1, perChannelInputs: [2], perChannelAttrs: ['scale', 'b_zero_point'] };
    // the dynamic kernels: each piece quantizes the same input alike, so its columns are unchanged
    if (node.op === 'DynQMatMul')
      return { weight: 1, wAxis: 0, outAxis: outRank - 1, perChannelInputs: [2], perChannelAttrs: ['b_scale', 'b_zero_point'] };
    if (node.op === 'DynQConv' && (int('group') || 1) === 1)
      return { weight: 1, wAxis: 0, outAxis: 1, perChannelInputs: [2], perChannelAttrs: ['w_scale', 'w_zero_point'] };
  }
  return null;
}

function bytesOf(v: Value): number {
  return v.shape ? D.sizeOf(v.shape as number[]) * D.bytesPer(v.dtype) : 0;
}

// Entries [lo, hi) of `axis` of a constant, as a new constant of the same type.
function sliceAxis(v: Value, axis: number, lo: number, hi: number, name: string): Value {
  var shape = v.shape as number[], outer = 1, inner = 1;
  for (var i = 0; i < axis; i++) outer *= shape[i];
  for (var i = axis + 1; i < shape.length; i++) inner *= shape[i];
  var n = shape[axis], Ctor = (v.data as any).constructor, data = new Ctor(outer * (hi - lo) * inner);
  for (var o = 0; o < outer; o++) data.set(v.data!.subarray((o * n + lo) * inner, (o * n + hi) * inner), o * (hi - lo) * inner);
  var s = shape.slice();
  s[axis] = hi - lo;
  var r: Value = { name, dtype: v.dtype, shape: s, data };
  var q = quantOf(v);
  if (q) (r as any).quant = sliceQuant(q, axis, n, lo, hi);
  return r;
}

function sliceQuant(q: QuantInfo, axis: number, n: number, lo: number, hi: number): QuantInfo {
  if (q.scale.length !== n || q.axis !== axis) return q;
  return { scale: q.scale.slice(lo, hi), zeroPoint: q.zeroPoint.length === n ? q.zeroPoint.slice(lo, hi) : q.zeroPoint, axis: q.axis };
}

function splitNode(node: Node, L: Layout, g: Graph, maxBytes: number): Node[] | null {
  var w = g.values.get(node.inputs[L.weight]);
  if (!w || !w.data || !w.shape || bytesOf(w) <= maxBytes) return null;
  var shape = w.shape as number[], N = shape[L.wAxis], rowBytes = bytesOf(w) / N;
  var fit = Math.floor(maxBytes / rowBytes);
  if (fit < 1) return null;   // one output channel alone is too big: reported by espruinoFit
  var per = Math.ceil(N / Math.ceil(N / fit));
  // pieces of a multiple of 8 channels where 8 fit: gemm's 8-wide blocks then leave no ragged
  // channels to its one-at-a-time loops (alexa: 16 pieces of 8, not 13 of 10: 1.3x in Duktape)
  if (fit >= 8) per = Math.min(Math.ceil(per / 8) * 8, fit - fit % 8);
  var out = g.values.get(node.outputs[0])!, outQ = quantOf(out), nodes: Node[] = [], parts: string[] = [];
  for (var p = 0, lo = 0; lo < N; p++, lo += per) {
    var hi = Math.min(N, lo + per), tag = '/part' + p;
    var inputs = node.inputs.slice(), attrs: Node['attrs'] = {};
    var wp = sliceAxis(w, L.wAxis, lo, hi, node.inputs[L.weight] + tag);
    g.values.set(wp.name, wp);
    inputs[L.weight] = wp.name;
    for (var i of L.perChannelInputs) {
      var c = inputs[i] ? g.values.get(inputs[i]) : undefined;
      if (!c || !c.data || !c.shape) continue;
      var cs = c.shape as number[], last = cs.length - 1;
      if (D.sizeOf(cs) !== N || cs[last] !== N) continue;   // a scalar or broadcast bias applies to every piece
      var cp = sliceAxis(c, last, lo, hi, inputs[i] + tag);
      g.values.set(cp.name, cp);
      inputs[i] = cp.name;
    }
    for (var k in node.attrs) {
      var at = node.attrs[k];
      attrs[k] = L.perChannelAttrs.indexOf(k) >= 0 && Array.isArray(at.value) && at.value.length === N ? { type: at.type, value: at.value.slice(lo, hi) } : at;
    }
    var oname = node.outputs[0] + tag, oshape = (out.shape as number[]).slice();
    oshape[L.outAxis] = hi - lo;
    var ov: Value = { name: oname, dtype: out.dtype, shape: oshape };
    if (outQ) (ov as any).quant = outQ;
    g.values.set(oname, ov);
    parts.push(oname);
    nodes.push({ name: node.name + tag, op: node.op, domain: node.domain, inputs, outputs: [oname], attrs });
  }
  nodes.push({ name: node.name + '/concat', op: 'Concat', domain: '', inputs: parts, outputs: [node.outputs[0]], attrs: { axis: { type: 'int', value: L.outAxis } } });
  return nodes;
}

export function splitWide(model: Model, maxBytes: number) {
  var g = model.graph, nodes: Node[] = [];
  for (var node of g.nodes) {
    var L = node.outputs.length === 1 ? layoutOf(node, g) : null;
    var split = L ? splitNode(node, L, g, maxBytes) : null;
    if (split) nodes.push.apply(nodes, split);
    else nodes.push(node);
  }
  g.nodes = nodes;
}
