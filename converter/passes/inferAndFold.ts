// Shape/dtype inference and constant folding in one walk, using the kernels themselves:
// a node whose inputs are all known is run on the host with the same code the device runs,
// so folded values match device results exactly. An If whose condition becomes known is
// replaced by the branch it takes.
import { Graph, Model, Node, Value, describeNode, plainAttrs } from '../ir';
import { userError, UserError } from '../../base/errors';
import { findKernel, hasOp, KernelModule } from '../../base/registry';
import { isSequenceOp, lowerSequenceNode } from './lowerSequences';
import { Tensor, Node as KNode, Subgraph } from '../../device/kernels/contract';
import { InferNode, ValueType } from '../../device/kernels/infer';
import * as D from '../../device/dtype';

// Folding must not inflate the model: an output larger than this and larger than its
// constant inputs (ConstantOfShape, Tile, Expand of weights) stays a runtime node.
var FOLD_BLOAT_BYTES = 64 * 1024;

export class Scope {
  constructor(public graph: Graph, public parent: Scope | null) {}
  get(name: string): Value | undefined {
    return this.graph.values.get(name) || (this.parent ? this.parent.get(name) : undefined);
  }
}

function staticShape(v: Value): number[] | null {
  if (!v.shape) return null;
  for (var d of v.shape) if (typeof d !== 'number') return null;
  return v.shape as number[];
}

export function valueType(v: Value, where: string, model: Model): ValueType {
  var shape = staticShape(v);
  if (!shape) {
    var dyn = v.shape ? v.shape.map((d, i) => typeof d === 'number' ? null : `'${d}' (axis ${i})`).filter(Boolean).join(', ') : 'unknown rank';
    userError(`${model.file}: ${where}: tensor '${v.name}' has a dynamic shape [${(v.shape || []).join(',')}] (${dyn}); pin the graph inputs with --shape NAME=1x...`);
  }
  if (!D.ARRAY_OF[v.dtype] && !D.isString(v.dtype)) userError(`${model.file}: ${where}: tensor '${v.name}' has element type ${D.DTYPE_NAME[v.dtype] || v.dtype}, which tinyonnx does not support`);
  return v.data ? { dtype: v.dtype, shape, data: v.data } : { dtype: v.dtype, shape };
}

export function opsetFor(model: Model, node: Node): number {
  if (node.opset) return node.opset;
  var v = model.opsets[node.domain];
  if (v === undefined) {
    if (node.domain === '') return 1;  // IR 3 models may omit the default opset
    userError(`${model.file}: ${describeNode(node)}: domain '${node.domain}' is not in the model's opset imports`);
  }
  return v;
}

export function kernelFor(model: Model, node: Node): KernelModule {
  var opset = opsetFor(model, node);
  var k = findKernel(node.domain, node.op, opset);
  if (!k) {
    var dom = node.domain ? `${node.domain}:` : '';
    if (hasOp(node.domain, node.op))
      userError(`${model.file}: ${describeNode(node)}: opset ${opset} of ${dom}${node.op} is not supported by any kernel`);
    userError(`${model.file}: ${describeNode(node)}: unsupported op ${dom}${node.op} (opset ${opset})`);
  }
  return k;
}

// Runs one kernel on host typed arrays: folding, and the reference interpreter.
export function runNode(k: KernelModule, node: Node, opset: number, inputs: (ValueType | null)[],
                        outTypes: ValueType[], graphs: { [attr: string]: Subgraph }): Tensor[] {
  var ins: (Tensor | null)[] = inputs.map(v => v && v.data ? { dtype: v.dtype, shape: v.shape, data: v.data, quant: null } : null);
  var outs: Tensor[] = outTypes.map(t => ({ dtype: t.dtype, shape: t.shape, data: D.newData(t.dtype, D.sizeOf(t.shape))!, quant: null }));
  var kn: KNode = { op: node.op, name: node.name, opset, inputs: ins, outputs: outs, attrs: plainAttrs(node), graphs };
  k.prepare(kn)();
  return outs;
}

function inferNode(model: Model, scope: Scope, node: Node): { k: KernelModule; ins: (ValueType | null)[]; outs: ValueType[]; opset: number } {
  var k = kernelFor(model, node);
  var where = describeNode(node);
  var ins = node.inputs.map(name => {
    if (!name) return null;
    var v = scope.get(name);
    if (!v) userError(`${model.file}: ${where}: input '${name}' is not produced by any node, initializer or graph input`);
    return valueType(v, where, model);
  });
  var opset = opsetFor(model, node);
  var graphs: { [attr: string]: any } = {};
  for (var a in node.attrs) {
    var at = node.attrs[a];
    if (at.type === 'graph') graphs[a] = subgraphInferer(model, scope, at.value);
  }
  var inode: InferNode = { op: node.op, name: node.name, opset, inputs: ins, attrs: plainAttrs(node), numOutputs: node.outputs.length, graphs };
  var outs: ValueType[];
  try {
    outs = k.infer(inode);
  } catch (e: any) {
    if (e && e.name === 'UserError') throw e;
    if (e && e.needsConst !== undefined) {
      var name = node.inputs[e.needsConst];
      var err: any = new UserError(`${model.file}: ${where}: input '${name}' (${e.message.replace(/ must be.*/, '')}) must be a constant at build time; ` +
        (scope.graph.inputs.indexOf(name) >= 0 ? `freeze it with --const ${name}=...` : 'it is computed from values only known at run time'));
      err.constName = name;
      throw err;
    }
    userError(`${model.file}: ${where}: ${e && e.constructor === Error ? e.message : `its inputs or attributes do not fit ${node.op} (opset ${opset}): is one missing, empty or of the wrong kind?`}`);
  }
  return { k, ins, outs: outs!, opset };
}

// For Loop/Scan/If kernels' infer: types of a body's outputs given types of its inputs. The body
// itself is annotated (and folded where it can be), so the emitter can lay out its tensors.
function subgraphInferer(model: Model, scope: Scope, g: Graph) {
  return (inputTypes: (ValueType | null)[]): ValueType[] => {
    g.inputs.forEach((name, i) => {
      var t = inputTypes[i];
      if (t) g.values.set(name, { name, dtype: t.dtype, shape: t.shape.slice() });
    });
    inferGraph(model, g, scope, true);
    return g.outputs.map(n => valueType(g.values.get(n) || scope.get(n)!, `subgraph '${g.name}'`, model));
  };
}

// A node's inputs renamed, and the outer values its subgraphs capture (names they do not define).
function renameUses(n: Node, rename: (s: string) => string): Node {
  var attrs: Record<string, any> = {};
  for (var k in n.attrs) {
    var a = n.attrs[k];
    attrs[k] = a.type === 'graph' ? { type: a.type, value: renameCaptured(a.value, rename) } :
      a.type === 'graphs' ? { type: a.type, value: a.value.map((g: Graph) => renameCaptured(g, rename)) } : a;
  }
  return { ...n, inputs: n.inputs.map(rename), attrs };
}

function renameCaptured(g: Graph, rename: (s: string) => string): Graph {
  var own = new Set<string>(g.inputs);
  for (var n of g.nodes) for (var o of n.outputs) if (o) own.add(o);
  for (var [name, v] of g.values) if (v.data) own.add(name);
  var r = (s: string) => (s && !own.has(s) ? rename(s) : s);
  var values = new Map<string, Value>();
  for (var [name, v] of g.values) values.set(r(name), { ...v, name: r(name) });
  return { ...g, values, nodes: g.nodes.map(n => renameUses(n, r)), outputs: g.outputs.map(r) };
}

function inlineBranch(ifNode: Node, branch: Graph, prefix: string): Node[] {
  // Names defined inside the branch get a prefix so they cannot collide with the outer graph.
  var local = new Set<string>();
  for (var n of branch.nodes) for (var o of n.outputs) if (o) local.add(o);
  for (var [name, v] of branch.values) if (v.data) local.add(name);
  var rename = (s: string) => (s && local.has(s) ? prefix + s : s);
  var nodes: Node[] = [];
  for (var [name, v] of branch.values) if (v.data) {
    nodes.push({ name: prefix + name, op: 'Constant', domain: '', inputs: [], outputs: [prefix + name],
      attrs: { value: { type: 'tensor', value: { dtype: v.dtype, shape: v.shape as number[], data: v.data } } } });
  }
  for (var n of branch.nodes) nodes.push({ ...renameUses(n, rename), name: prefix + n.name, outputs: n.outputs.map(rename) });
  branch.outputs.forEach((o, i) => {
    nodes.push({ name: `${prefix}out${i}`, op: 'Identity', domain: '', inputs: [rename(o)], outputs: [ifNode.outputs[i]], attrs: {} });
  });
  return nodes;
}

export function inferGraph(model: Model, graph: Graph, parent: Scope | null, fold: boolean) {
  var scope = new Scope(graph, parent);
  var nodes = graph.nodes;
  var kept: Node[] = [];
  for (var i = 0; i < nodes.length; i++) {
    var node = nodes[i];
    if (node.op === 'If' && node.domain === '') {
      var cond = scope.get(node.inputs[0]);
      if (cond && cond.data) {
        var branch: Graph = node.attrs[cond.data[0] ? 'then_branch' : 'else_branch'].value;
        nodes.splice(i + 1, 0, ...inlineBranch(node, branch, node.name + '/'));
        continue;
      }
    }
    if (isSequenceOp(node)) {
      nodes.splice(i + 1, 0, ...lowerSequenceNode(model, scope, node));
      continue;
    }
    var r = inferNode(model, scope, node);
    if (r.outs.length < node.outputs.filter(Boolean).length)
      userError(`${model.file}: ${describeNode(node)}: produces ${r.outs.length} outputs, the model names ${node.outputs.length}`);
    var allConst = r.ins.every(v => v === null || v.data !== undefined);
    var inBytes = 0;
    for (var v of r.ins) if (v && v.data) inBytes += v.data.byteLength || 0;   // strings: 0
    var outBytes = 0;
    for (var t of r.outs) outBytes += D.sizeOf(t.shape) * D.bytesPer(t.dtype);
    var hasGraphs = Object.keys(node.attrs).some(a => node.attrs[a].type === 'graph');
    var canFold = fold && allConst && !hasGraphs && (outBytes <= FOLD_BLOAT_BYTES || outBytes <= inBytes) &&
      (r.k.meta as any).pure !== false;
    // Values infer already knows (Constant, Shape, Size) are constants in the model as given.
    var known = r.outs.every(t => t.data);
    if (canFold && !known) {
      var res = runNode(r.k, node, r.opset, r.ins, r.outs, {});
      r.outs = res.map(t => ({ dtype: t.dtype, shape: t.shape, data: t.data }));
    }
    var folded = fold && r.outs.every(t => t.data) && (known || canFold);
    node.outputs.forEach((name, j) => {
      if (!name) return;
      var t = r.outs[j];
      var v: Value = { name, dtype: t.dtype, shape: t.shape.slice() };
      if (folded && t.data) v.data = t.data;
      graph.values.set(name, v);
    });
    if (!folded) kept.push(node);
  }
  graph.nodes = kept;
}

export function inferAndFold(model: Model) {
  inferGraph(model, model.graph, null, true);
}
