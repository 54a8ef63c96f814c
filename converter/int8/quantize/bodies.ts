// Quantizing inside subgraphs (If branches, Loop and Scan bodies): each body is planned,
// rewritten into QDQ form and fused exactly as the main graph is, by running the same
// per-graph steps with the body standing in as `model.graph`. A body reads outer values by
// name (a verifier classifier in an If branch reads the model's input and weights that are
// initializers of the main graph), so the stand-in's values are the outer scopes' values
// overlaid with the body's own: the steps find captured weights as constants and captured
// activations with their shapes (and their calibration ranges: the calibration covers every
// graph). What a step adds (quantized weights, scales, Q/DQ outputs) belongs to the body and is
// written back into it; outer graphs are left as they are (a float weight only the body used
// is dropped later as dead).
import { Graph, Model, Value } from '../../ir';
import { Namer } from '../../graph/names';
import { subgraphsOf } from '../../graph/uses';

// Calls `step` once per body, depth first in node order, with model.graph set to the body's
// stand-in. `namer` knows every name in the model: value names are unique model-wide (one
// tensor table), so names made for one body must not collide with another body's or the
// main graph's.
export function forEachBody(model: Model, step: (namer: Namer) => void) {
  var main = model.graph;
  var visit = (g: Graph, outer: Map<string, Value>) => {
    for (var n of g.nodes) for (var body of subgraphsOf(n)) {
      var own = body.values, values = new Map(outer);
      for (var [k, v] of own) values.set(k, v);
      var view: Graph = { ...body, nodes: body.nodes, values };
      var namer = new Namer(main);
      model.graph = view;
      try { step(namer); } finally { model.graph = main; }
      body.nodes = view.nodes;
      body.values = new Map();
      for (var [k, v] of values) if (!outer.has(k) || own.has(k)) body.values.set(k, v);
      visit(body, values);
    }
  };
  visit(main, new Map(main.values));
}

// Every graph of the model: the main graph, then its bodies, depth first.
export function allGraphs(g: Graph): Graph[] {
  var r = [g];
  for (var n of g.nodes) for (var sg of subgraphsOf(n)) r.push(...allGraphs(sg));
  return r;
}
