// Inlining a subgraph into its parent: the branch an If takes when its condition is a constant.
import { Graph, Node, Value } from '../ir';

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

// The nodes of an If branch, to stand in place of the If once its condition is known.
export function inlineBranch(ifNode: Node, branch: Graph, prefix: string): Node[] {
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
