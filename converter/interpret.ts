// Runs a converted (specialized, inferred, folded) graph on the host, node by node, with the
// registry's kernels. A reference for tests and for checking kernels; devices use runtime-min.
import { Model } from './ir';
import { kernelFor, opsetFor, runNode, valueType } from './passes/inferAndFold';
import { ValueType } from '../ops-registry/kernel';
import { TypedArray } from '../format/dtype';

export function interpret(model: Model, inputs: Record<string, TypedArray>): Record<string, TypedArray> {
  var g = model.graph;
  var live = new Map<string, TypedArray>();
  for (var name of g.inputs) live.set(name, inputs[name]);
  var typeOf = (name: string): ValueType => {
    var v = g.values.get(name)!;
    var t = valueType(v, 'interpret', model);
    return { dtype: t.dtype, shape: t.shape, data: v.data || live.get(name) };
  };
  for (var node of g.nodes) {
    var ins = node.inputs.map(n => (n ? typeOf(n) : null));
    var outs = node.outputs.map(n => typeOf(n));
    var res = runNode(kernelFor(model, node), node, opsetFor(model, node), ins, outs, {});
    node.outputs.forEach((n, i) => live.set(n, res[i].data));
  }
  var out: Record<string, TypedArray> = {};
  for (var name of g.outputs) out[name] = g.values.get(name)!.data || live.get(name)!;
  return out;
}
