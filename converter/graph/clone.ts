// Deep copies of graphs and models, for passes that need the graph as it was (the quantizer keeps
// the float model to measure accuracy against).
import { Graph, Model, Node, Value } from '../ir';

export function cloneGraph(g: Graph): Graph {
  var values = new Map<string, Value>();
  for (var [k, v] of g.values) values.set(k, { ...v, shape: v.shape ? v.shape.slice() : null });
  return { name: g.name, inputs: g.inputs.slice(), outputs: g.outputs.slice(), values, nodes: g.nodes.map(cloneNode) };
}

export function cloneNode(n: Node): Node {
  var attrs: Node['attrs'] = {};
  for (var k in n.attrs) {
    var a = n.attrs[k];
    attrs[k] = a.type === 'graph' ? { type: a.type, value: cloneGraph(a.value) } :
      a.type === 'graphs' ? { type: a.type, value: a.value.map(cloneGraph) } : a;
  }
  return { ...n, inputs: n.inputs.slice(), outputs: n.outputs.slice(), attrs };
}

// Constant data is shared: no pass writes into a constant's array.
export function cloneModel(m: Model): Model {
  return { ...m, opsets: { ...m.opsets }, ioDtypes: { ...m.ioDtypes }, graph: cloneGraph(m.graph) };
}
