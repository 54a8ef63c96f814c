// Graph plumbing shared by the quantization passes: deep copies, who-reads-what maps, constant
// and shape lookups, fresh names.
import { Graph, Model, Node, Value } from '../ir';
import { TypedArray } from '../../device/dtype';

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

export interface Use { node: Node; index: number }

export class GraphIndex {
  producer = new Map<string, Node>();
  consumers = new Map<string, Use[]>();
  outputs: Set<string>;
  constructor(public graph: Graph) {
    this.outputs = new Set(graph.outputs);
    for (var n of graph.nodes) {
      for (var o of n.outputs) if (o) this.producer.set(o, n);
      n.inputs.forEach((name, index) => {
        if (!name) return;
        if (!this.consumers.has(name)) this.consumers.set(name, []);
        this.consumers.get(name)!.push({ node: n, index });
      });
      // values read inside subgraphs count as reads by the node that owns the subgraph
      for (var a in n.attrs) {
        var at = n.attrs[a];
        var gs: Graph[] = at.type === 'graph' ? [at.value] : at.type === 'graphs' ? at.value : [];
        for (var sg of gs) for (var r of subgraphReads(sg)) {
          if (!this.consumers.has(r)) this.consumers.set(r, []);
          this.consumers.get(r)!.push({ node: n, index: -1 });
        }
      }
    }
  }
  uses(name: string): Use[] { return this.consumers.get(name) || []; }
  // The one node reading `name`, when exactly one node reads it once and it is no graph output.
  soleUse(name: string): Use | null {
    var u = this.uses(name);
    return u.length === 1 && u[0].index >= 0 && !this.outputs.has(name) ? u[0] : null;
  }
}

// The bodies a node carries (If branches, Loop/Scan bodies).
export function subgraphsOf(n: Node): Graph[] {
  var r: Graph[] = [];
  for (var a in n.attrs) {
    var at = n.attrs[a];
    if (at.type === 'graph') r.push(at.value);
    if (at.type === 'graphs') r.push(...at.value);
  }
  return r;
}

function subgraphReads(g: Graph): string[] {
  var r: string[] = [];
  for (var n of g.nodes) {
    for (var i of n.inputs) if (i) r.push(i);
    for (var a in n.attrs) {
      var at = n.attrs[a];
      if (at.type === 'graph') r.push(...subgraphReads(at.value));
      if (at.type === 'graphs') for (var sg of at.value) r.push(...subgraphReads(sg));
    }
  }
  return r;
}

// Names not yet used in the graph or any of its subgraphs: base, base_1, base_2... Value names
// are unique in the whole model (one tensor table for every graph), so a name made for a
// subgraph must not be taken in the main graph either: pass the main graph.
export class Namer {
  used = new Set<string>();
  constructor(g: Graph) { this.add(g); }
  private add(g: Graph) {
    for (var k of g.values.keys()) this.used.add(k);
    for (var n of g.nodes) {
      this.used.add(n.name); for (var o of n.outputs) if (o) this.used.add(o); for (var i of n.inputs) if (i) this.used.add(i);
      for (var sg of subgraphsOf(n)) this.add(sg);
    }
    for (var i of g.inputs) this.used.add(i);
    for (var o of g.outputs) this.used.add(o);
  }
  fresh(base: string): string {
    var name = base, k = 1;
    while (this.used.has(name)) name = `${base}_${k++}`;
    this.used.add(name);
    return name;
  }
}

// A constant value: an initializer, a folded value, or the output of a Constant node.
export function constData(g: Graph, index: GraphIndex, name: string): { dtype: number; shape: number[]; data: TypedArray } | null {
  if (!name) return null;
  var v = g.values.get(name);
  if (v && v.data && v.shape) return { dtype: v.dtype, shape: v.shape as number[], data: v.data };
  var p = index.producer.get(name);
  if (p && p.op === 'Constant' && p.domain === '' && p.attrs.value && p.attrs.value.type === 'tensor') {
    var t = p.attrs.value.value;
    return { dtype: t.dtype, shape: t.shape, data: t.data };
  }
  return null;
}

export function staticShape(v: Value | undefined): number[] | null {
  if (!v || !v.shape) return null;
  for (var d of v.shape) if (typeof d !== 'number') return null;
  return v.shape as number[];
}
