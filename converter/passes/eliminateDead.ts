// Drops nodes whose outputs nothing reads, and any value no longer referenced.
import { Graph } from '../ir';

function subgraphReads(g: Graph, into: Set<string>) {
  for (var n of g.nodes) {
    for (var i of n.inputs) if (i) into.add(i);
    for (var a in n.attrs) {
      var at = n.attrs[a];
      if (at.type === 'graph') subgraphReads(at.value, into);
      if (at.type === 'graphs') for (var sg of at.value) subgraphReads(sg, into);
    }
  }
  for (var o of g.outputs) into.add(o);
}

export function eliminateDead(g: Graph) {
  var live = new Set<string>(g.outputs);
  var kept = [];
  for (var i = g.nodes.length - 1; i >= 0; i--) {
    var n = g.nodes[i];
    if (!n.outputs.some(o => o && live.has(o))) continue;
    kept.push(n);
    for (var o of n.outputs) if (o) live.add(o);   // unused outputs of a kept node still get written
    for (var inp of n.inputs) if (inp) live.add(inp);
    for (var a in n.attrs) {
      var at = n.attrs[a];
      if (at.type === 'graph') subgraphReads(at.value, live);
      if (at.type === 'graphs') for (var sg of at.value) subgraphReads(sg, live);
    }
  }
  g.nodes = kept.reverse();
  for (var name of Array.from(g.values.keys())) {
    if (!live.has(name) && g.inputs.indexOf(name) < 0) g.values.delete(name);
  }
}
