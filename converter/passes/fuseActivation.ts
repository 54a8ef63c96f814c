// An activation whose input is a float Conv, Gemm or MatMul output read by nothing else moves
// into that node: our own attributes on our own node, `activation` (the activation's name) and
// `activation_params` (its constants), which device/kernels/elementwise/activations.ts applies
// right after the product while the output is warm. One node, one buffer and one dispatch
// fewer; the values are the same as the two-node form's (same loop, same float32 input).
// Tanh and Gelu are not fused: the epilogue table would carry their math helpers into every
// bundle with a Conv, Gemm or MatMul (see activations.ts).
// Runs after recognizeActivations (written-out HardSwish, SiLU, GELU are single nodes by then)
// and foldBatchNorm (Conv → BatchNormalization → Relu becomes one Conv). Main graph.
import { Model, Node } from '../ir';
import { GraphIndex, constData } from '../graph/uses';
import * as D from '../../device/dtype';

var PRODUCERS = ['Conv', 'Gemm', 'MatMul'];

export function fuseActivation(model: Model): void {
  var g = model.graph, index = new GraphIndex(g), gone = new Set<Node>(), into = new Map<Node, Node>();
  var scalar = (name: string): number | null => {
    if (!name) return null;
    var c = constData(g, index, name);
    return c && c.data.length === 1 ? Number(c.data[0]) : null;
  };
  // The fused form of an activation node: [name, params], or null if it has none.
  function activationOf(a: Node): [string, number[]] | null {
    var at = (k: string, d: number) => (a.attrs[k] ? a.attrs[k].value : d);
    switch (a.op) {
      case 'Relu': case 'Sigmoid': case 'HardSwish': return [a.op, []];
      case 'LeakyRelu': return ['LeakyRelu', [at('alpha', 0.01)]];
      case 'HardSigmoid': return ['HardSigmoid', [at('alpha', 0.2), at('beta', 0.5)]];
      case 'Swish': return ['Swish', [at('alpha', 1)]];
      case 'Clip': {
        // Since opset 11 the bounds are inputs (fused only when constant); before, attributes
        // (opset 6-10 default to ±FLT_MAX for floats, as Clip.ts does).
        var FLT_MAX = 3.4028234663852886e38;
        if (a.inputs.length <= 1 || model.opsets[''] < 11) {
          var old = (model.opsets[''] || 0) < 11;
          return ['Clip', [a.attrs.min ? a.attrs.min.value : old ? -FLT_MAX : -Infinity, a.attrs.max ? a.attrs.max.value : old ? FLT_MAX : Infinity]];
        }
        var lo = a.inputs[1] ? scalar(a.inputs[1]) : -Infinity, hi = a.inputs[2] ? scalar(a.inputs[2]) : Infinity;
        return lo === null || hi === null ? null : ['Clip', [lo, hi]];
      }
    }
    return null;
  }
  for (var a of g.nodes) {
    if (a.domain !== '' || !a.inputs[0]) continue;
    var p = index.producer.get(a.inputs[0]), use = index.soleUse(a.inputs[0]);
    if (p && into.has(p)) p = into.get(p)!;   // an activation already moved into its product
    if (!p || !use || use.node !== a || p.domain !== '' || PRODUCERS.indexOf(p.op) < 0 || gone.has(p)) continue;
    var y = g.values.get(a.inputs[0]), out = g.values.get(a.outputs[0]);
    if (!y || y.dtype !== D.FLOAT || !out || out.dtype !== D.FLOAT) continue;
    var act = activationOf(a);
    if (!act) continue;
    if (p.attrs.activation) {
      // LeakyRelu then Clip (TF's floor after LeakyRelu, recognizeActivations' Max → Clip): one
      // epilogue, LeakyReluClip [alpha, lo, hi], the same float32 values as the two loops.
      if (p.attrs.activation.value !== 'LeakyRelu' || act[0] !== 'Clip') continue;
      act = ['LeakyReluClip', [p.attrs.activation_params ? p.attrs.activation_params.value[0] : 0.01, act[1][0], act[1][1]]];
    }
    p.attrs.activation = { type: 'string', value: act[0] };
    if (act[1].length) p.attrs.activation_params = { type: 'floats', value: act[1] };
    g.values.delete(p.outputs[0]);
    p.outputs[0] = a.outputs[0];
    gone.add(a);
    into.set(a, p);
  }
  if (gone.size) g.nodes = g.nodes.filter(n => !gone.has(n));
}
