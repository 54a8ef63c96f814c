// Who reads what: producers and consumers of every value (reads inside subgraphs count as reads
// by the node that owns them), the bodies a node carries, and constant lookups.
import { Graph, Node } from '../ir';
import { TypedArray } from '../../device/dtype';

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
