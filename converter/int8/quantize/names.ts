// After fusion most float tensors of a quantized graph are gone, and their int8 versions can
// take back the original names: "conv1/weight_quantized" → "conv1/weight". Shorter names,
// smaller model.tnx, and `inspect` shows the names of the source model.
import { Graph, Model } from '../../ir';
import { allGraphs } from './bodies';

var SUFFIX = /_quantized(_t)?$/;

function renameIn(g: Graph, map: Map<string, string>) {
  var r = (s: string) => (s && map.has(s) ? map.get(s)! : s);
  for (var n of g.nodes) {
    n.inputs = n.inputs.map(r);
    n.outputs = n.outputs.map(r);
    for (var a in n.attrs) {
      var at = n.attrs[a];
      if (at.type === 'graph') renameIn(at.value, map);
      if (at.type === 'graphs') for (var sg of at.value) renameIn(sg, map);
    }
  }
}

export function restoreNames(model: Model) {
  // every graph (quantized bodies too): names are unique in the whole model
  var graphs = allGraphs(model.graph), map = new Map<string, string>(), taken = new Set<string>();
  for (var g of graphs) {
    for (var k of g.values.keys()) taken.add(k);
    for (var n of g.nodes) for (var o of n.outputs) if (o) taken.add(o);
    for (var i of [...g.inputs, ...g.outputs]) taken.add(i);
  }
  for (var g of graphs) for (var name of Array.from(g.values.keys())) {
    if (!SUFFIX.test(name) || g.inputs.indexOf(name) >= 0 || g.outputs.indexOf(name) >= 0) continue;
    var base = name.replace(SUFFIX, '');
    if (taken.has(base)) continue;
    taken.add(base);
    map.set(name, base);
  }
  if (!map.size) return;
  renameIn(model.graph, map);
  for (var g of graphs) for (var [from, to] of map) {
    var v = g.values.get(from);
    if (!v) continue;
    g.values.delete(from);
    v.name = to;
    g.values.set(to, v);
  }
}
