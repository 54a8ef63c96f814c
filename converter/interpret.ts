// Runs a converted (specialized, inferred, folded) graph on the host, node by node, with the
// registry's kernels. A reference for tests (float64 ground truth) and for checking kernels
// quickly; devices use runtime-min.
import { Graph, Model, Node } from './ir';
import { kernelFor, opsetFor, runNode } from './graph/kernels';
import { valueType } from './graph/shapes';
import { Subgraph, Tensor } from '../device/kernels/contract';
import { ValueType } from '../device/kernels/infer';
import { FLOAT, newData, sizeOf, TypedArray } from '../device/dtype';

type Env = { get(name: string): TypedArray | undefined; set(name: string, a: TypedArray): void };
// Called with every value a graph input or node produces, in every graph (subgraphs included).
export type Observer = (name: string, data: TypedArray) => void;

function scopeEnv(parent: Env | null): Env {
  var own = new Map<string, TypedArray>();
  return { get: n => own.get(n) || (parent ? parent.get(n) : undefined), set: (n, a) => { own.set(n, a); } };
}

function runGraph(model: Model, g: Graph, scopes: Graph[], env: Env, observe?: Observer) {
  scopes = scopes.concat([g]);
  var lookup = (name: string) => { for (var i = scopes.length - 1; i >= 0; i--) { var v = scopes[i].values.get(name); if (v) return v; } return undefined; };
  var typeOf = (name: string): ValueType => {
    var v = lookup(name)!;
    var t = valueType(v, 'interpret', model);
    return { dtype: t.dtype, shape: t.shape, data: v.data || env.get(name) };
  };
  for (var node of g.nodes) {
    var ins = node.inputs.map(n => (n ? typeOf(n) : null));
    var outs = node.outputs.map(n => (n && lookup(n) ? typeOf(n) : { dtype: FLOAT, shape: [0] }));
    var bodies = subgraphs(model, node, scopes, env, observe);
    var res = runNode(kernelFor(model, node), node, opsetFor(model, node), ins, outs, bodies);
    node.outputs.forEach((n, i) => { if (n) { env.set(n, res[i].data); if (observe) observe(n, res[i].data); } });
    if (observe && node.op === 'If' && node.domain === '') {
      // Calibration sees inside both branches on every sample: a branch's values depend on the
      // outer values (a verifier classifier reads the same input as the main one), not on which
      // way the condition went, and the branch not taken on the calibration data may well be
      // taken on the device. Its outputs are discarded. A branch that cannot run on these
      // inputs (it only makes sense under its condition) just records nothing.
      var other = bodies[ins[0] && ins[0].data && ins[0].data[0] ? 'else_branch' : 'then_branch'];
      if (other) try { other.run(); } catch (e) { /* not meant for these inputs */ }
    }
  }
}

// Bodies of If/Loop/Scan as the kernels expect them: input tensors to fill, output tensors to read.
function subgraphs(model: Model, node: Node, scopes: Graph[], env: Env, observe?: Observer): { [attr: string]: Subgraph } {
  var r: { [attr: string]: Subgraph } = {};
  for (var a in node.attrs) {
    if (node.attrs[a].type !== 'graph') continue;
    const g: Graph = node.attrs[a].value;
    const local = scopeEnv(env);
    const tensorOf = (name: string): Tensor => {
      var v = g.values.get(name) || scopes.map(s => s.values.get(name)).filter(Boolean).pop()!;
      var shape = v.shape as number[];
      return { dtype: v.dtype, shape, data: v.data || newData(v.dtype, sizeOf(shape))!, quant: null };
    };
    const inputs = g.inputs.map(tensorOf);
    const outputs = g.outputs.map(tensorOf);
    r[a] = {
      inputs, outputs,
      run() {
        g.inputs.forEach((n, i) => { local.set(n, inputs[i].data); if (observe) observe(n, inputs[i].data); });
        runGraph(model, g, scopes, local, observe);
        g.outputs.forEach((n, i) => { var d = local.get(n) || g.values.get(n)?.data; if (d) outputs[i].data = d; });
      },
    };
  }
  return r;
}

export function interpret(model: Model, inputs: Record<string, TypedArray>, observe?: Observer): Record<string, TypedArray> {
  var g = model.graph, env = scopeEnv(null);
  for (var name of g.inputs) { env.set(name, inputs[name]); if (observe) observe(name, inputs[name]); }
  runGraph(model, g, [], env, observe);
  var out: Record<string, TypedArray> = {};
  for (var name of g.outputs) out[name] = g.values.get(name)!.data || env.get(name)!;
  return out;
}
