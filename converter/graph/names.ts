// Fresh value and node names for passes that add nodes.
import { Graph } from '../ir';
import { subgraphsOf } from './uses';

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
