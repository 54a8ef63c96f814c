// Identity (and inference-time Dropout without its mask) only copies: readers of its output
// read its input instead. Kept where the output is a graph output, which must keep its name.
import { Graph, Node } from '../ir';

function isCopy(n: Node) {
  if (n.domain !== '') return false;
  if (n.op === 'Identity') return true;
  return n.op === 'Dropout' && n.outputs.filter(Boolean).length === 1 && !n.inputs[1] && !n.inputs[2];
}

function renameInputs(g: Graph, from: string, to: string) {
  for (var n of g.nodes) {
    n.inputs = n.inputs.map(i => (i === from ? to : i));
    for (var a in n.attrs) {
      var at = n.attrs[a];
      if (at.type === 'graph') renameInputs(at.value, from, to);   // subgraphs capture outer names
    }
  }
}

export function eliminateIdentity(g: Graph) {
  var outputs = new Set(g.outputs);
  g.nodes = g.nodes.filter(n => {
    if (!isCopy(n) || outputs.has(n.outputs[0]) || !n.inputs[0]) return true;
    renameInputs(g, n.outputs[0], n.inputs[0]);
    return false;
  });
}
