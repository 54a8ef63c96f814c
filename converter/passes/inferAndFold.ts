// Shape/dtype inference and constant folding in one walk, using the kernels themselves:
// a node whose inputs are all known is run on the host with the same code the device runs,
// so folded values match device results exactly. An If whose condition becomes known is
// replaced by the branch it takes.
import { Graph, Model, Node, Value, describeNode, plainAttrs } from '../ir';
import { userError, UserError, oneLine } from '../../base/errors';
import { KernelModule } from '../../base/registry';
import { isSequenceOp, lowerSequenceNode } from './lowerSequences';
import { InferNode, ValueType } from '../../device/kernels/infer';
import { Scope, valueType } from '../graph/shapes';
import { kernelFor, opsetFor, runNode } from '../graph/kernels';
import { inlineBranch } from '../graph/inline';
import * as D from '../../device/dtype';

// Folding must not inflate the model: an output larger than this and larger than its
// constant inputs (ConstantOfShape, Tile, Expand of weights) stays a runtime node.
var FOLD_BLOAT_BYTES = 64 * 1024;

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
  var absent: string[] = [];
  var inode: InferNode = { op: node.op, name: node.name, opset, inputs: ins, attrs: watchAbsent(plainAttrs(node), absent), numOutputs: node.outputs.length, graphs };
  var outs: ValueType[];
  var unfit = (what: string, nonsense: boolean) => userError(`${model.file}: ${where}: its inputs or attributes do not fit ${node.op} (opset ${opset}): ${what}` +
    (nonsense && absent.length ? `; attributes it looked for and did not find: ${absent.map(a => oneLine(a)).join(', ')}` : ''));
  try {
    outs = k.infer(inode);
    outs.forEach((t, i) => {
      var nonsense = !t || !D.ARRAY_OF[t.dtype] && !D.isString(t.dtype) || !Array.isArray(t.shape) || !t.shape.every(d => Number.isInteger(d) && d >= 0);
      if (nonsense || t.shape.some(d => d > 0x7fffffff))
        unfit(`output ${i} would have shape [${t && Array.isArray(t.shape) ? t.shape.map(d => Number.isInteger(d) ? d : '?').join(',') : '?'}]`, nonsense);
    });
  } catch (e: any) {
    if (e && e.name === 'UserError') throw e;
    if (e && e.needsConst !== undefined) {
      var name = node.inputs[e.needsConst];
      var err: any = new UserError(`${model.file}: ${where}: input '${name}' (${e.message.replace(/ must be.*/, '')}) must be a constant at build time; ` +
        (scope.graph.inputs.indexOf(name) >= 0 ? `freeze it with --const ${name}=...` : 'it is computed from values only known at run time'));
      err.constName = name;
      throw err;
    }
    if (e && e.constructor === Error && !/\bundefined\b|\bNaN\b/.test(e.message)) userError(`${model.file}: ${where}: ${e.message}`);
    unfit('is one missing, empty or of the wrong kind?', true);
  }
  return { k, ins, outs: outs!, opset };
}

// The attributes an infer reads that the node lacks: a kernel's NaN or 'undefined' names them.
function watchAbsent(attrs: Record<string, any>, absent: string[]): Record<string, any> {
  return new Proxy(attrs, {
    get(t, key) {
      if (typeof key === 'string' && !Object.prototype.hasOwnProperty.call(t, key) && absent.indexOf(key) < 0) absent.push(key);
      return (t as any)[key];
    },
  });
}

// For Loop/Scan/If kernels' infer: types of a body's outputs given types of its inputs. The body
// itself is annotated (and folded where it can be), so the emitter can lay out its tensors.
function subgraphInferer(model: Model, scope: Scope, g: Graph) {
  return (inputTypes: (ValueType | null)[]): ValueType[] => {
    if (inputTypes.length !== g.inputs.length) throw new Error(`its subgraph '${g.name}' takes ${g.inputs.length} inputs, the node gives it ${inputTypes.length}`);
    g.inputs.forEach((name, i) => {
      var t = inputTypes[i];
      if (t) g.values.set(name, { name, dtype: t.dtype, shape: t.shape.slice() });
    });
    inferGraph(model, g, scope, true);
    return g.outputs.map(n => valueType(g.values.get(n) || scope.get(n)!, `subgraph '${g.name}'`, model));
  };
}

// An If left unfolded whose branches fail to build: when its condition follows from graph
// inputs (Silero's `sr`), the fix is to freeze them, so the line says so first.
function inferIf(model: Model, scope: Scope, node: Node) {
  try {
    return inferNode(model, scope, node);
  } catch (e: any) {
    if (!e || e.name !== 'UserError' || e.ifHinted) throw e;
    var roots = graphInputsBehind(scope, node.inputs[0]);
    if (!roots.length) throw e;
    var why = String(e.message).replace(model.file + ': ', '');
    var err: any = new UserError(`${model.file}: ${describeNode(node)}: its condition depends on input ${roots.map(n => oneLine(n)).join(', ')}, ` +
      `not known at build time, so both branches are built and one fails (${why}); freeze it with ${roots.map(n => '--const ' + n + '=VALUE').join(' ')}`);
    err.ifHinted = true;
    throw err;
  }
}

// The graph inputs (of this graph or an enclosing one) that a value is computed from.
function graphInputsBehind(scope: Scope, name: string): string[] {
  var found: string[] = [], seen: Record<string, true> = Object.create(null), todo = [name];
  while (todo.length) {
    var n = todo.pop()!;
    if (!n || seen[n]) continue;
    seen[n] = true;
    for (var s: Scope | null = scope; s; s = s.parent) {
      if (s.graph.inputs.indexOf(n) >= 0) { if (!s.parent) found.push(n); break; }
      var producer = s.graph.nodes.find(p => p.outputs.indexOf(n) >= 0);
      if (producer) { todo.push(...producer.inputs); break; }
    }
  }
  return found;
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
    var r = node.op === 'If' && node.domain === '' ? inferIf(model, scope, node) : inferNode(model, scope, node);
    var lastNamed = node.outputs.reduce((last, name, j) => name ? j : last, -1);
    if (r.outs.length <= lastNamed)
      userError(`${model.file}: ${describeNode(node)}: produces ${r.outs.length} outputs, the model names output ${lastNamed} ${oneLine(node.outputs[lastNamed])}`);
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
