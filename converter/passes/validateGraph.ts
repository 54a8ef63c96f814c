// The graph check before anything infers: what a malformed model would otherwise turn into a
// raw TypeError deep in a later pass is one line here, naming the file, graph, node and value.
// - every opset a node's domain needs is imported, as a whole number >= 1;
// - every node input is '' (omitted) or defined before it (graph input, initializer, an earlier
//   node's output, or a value of an enclosing graph): this also refuses cycles;
// - no value is written twice; every graph output is produced;
// - attribute kinds, required attributes and least values (checkAttrs.ts);
// - If/Loop/Scan carry their graph attributes; subgraphs nest at most 16 deep (as the reader);
// - node names are made one line (they are only used in messages).
import { Graph, Model, Node } from '../ir';
import { userError, oneLine } from '../../base/errors';
import { checkNodeAttrs } from './checkAttrs';
import { checkWindow } from './checkLimits';

// The device reader (device/reader.ts, device/verify.ts) refuses subgraphs nested deeper.
export var MAX_DEPTH = 16;

var GRAPH_ATTRS: Record<string, string[]> = { If: ['then_branch', 'else_branch'], Loop: ['body'], Scan: ['body'] };

export function validateGraph(model: Model): void {
  var file = model.file;
  for (var d of Object.keys(model.opsets)) {
    var v = model.opsets[d];
    if (!(typeof v === 'number' && v >= 1 && v === Math.floor(v) && v < 1e6))
      userError(`${file}: opset_import for domain ${oneLine(d || 'ai.onnx')} has version ${oneLine(v)}; expected a whole number >= 1`);
  }
  checkGraph(model, model.graph, Object.create(null), 1, 'graph');
}

function checkGraph(model: Model, g: Graph, outer: Record<string, true>, depth: number, where: string): void {
  var file = model.file;
  if (depth > MAX_DEPTH) userError(`${file}: ${where}: subgraphs nest more than ${MAX_DEPTH} deep; tinyonnx runtimes refuse deeper nesting`);
  var known: Record<string, true> = Object.create(outer), mine: Record<string, string> = Object.create(null);
  for (var name of g.inputs) known[name] = true;
  for (var v of g.values.values()) if (v.data) known[v.name] = true;
  for (var node of g.nodes) {
    if (/[\x00-\x1f\x7f]/.test(node.name)) node.name = oneLine(node.name).slice(1, -1);
    var at = `${file}: ${where} node '${node.name}' (${node.domain ? oneLine(node.domain).slice(1, -1) + ':' : ''}${oneLine(node.op).slice(1, -1)})`;
    if (!node.op) userError(`${at}: no op_type`);
    var dom = node.domain;
    if (!Object.prototype.hasOwnProperty.call(model.opsets, dom))
      userError(`${at}: the model imports no opset for domain ${oneLine(dom || 'ai.onnx')} (opset_import)`);
    checkAttrs(model, node, at, known, depth, where);
    node.inputs.forEach((x, i) => {
      if (typeof x !== 'string') userError(`${at}: input ${i} has no name`);
      if (x !== '' && !known[x]) {
        var later = g.nodes.some(n => n.outputs.indexOf(x) >= 0);
        userError(`${at}: input ${i} ${oneLine(x)} is ${later ? 'written by a later node (the graph has a cycle or is not in topological order)' :
          'not a graph input, an initializer, nor any node\'s output'}`);
      }
    });
    if (!node.outputs.length) userError(`${at}: no outputs`);
    node.outputs.forEach((x, i) => {
      if (typeof x !== 'string') userError(`${at}: output ${i} has no name`);
      if (x === '') return;
      if (mine[x] !== undefined || (known[x] && !outer[x])) userError(`${at}: output ${i} ${oneLine(x)} is already ${mine[x] !== undefined ? 'written by node ' + oneLine(mine[x]) : 'a graph input or initializer'}`);
      mine[x] = node.name;
      known[x] = true;
    });
  }
  for (var o of g.outputs) if (!known[o]) userError(`${file}: ${where} output ${oneLine(o)} is not produced by any node, nor a graph input or initializer`);
}

function checkAttrs(model: Model, node: Node, at: string, known: Record<string, true>, depth: number, where: string): void {
  var need = node.domain === '' ? GRAPH_ATTRS[node.op] : undefined;
  if (node.domain === '' && node.op === 'If' && !node.inputs[0]) userError(`${at}: the condition (input 0) is missing`);
  for (var a of need || []) {
    var attr = Object.prototype.hasOwnProperty.call(node.attrs, a) ? node.attrs[a] : undefined;
    if (!attr || attr.type !== 'graph' || !attr.value) userError(`${at}: attribute '${a}' (a graph) is missing`);
  }
  checkNodeAttrs(node, model.opsets[node.domain], at);
  checkWindow(model, node);
  for (var k of Object.keys(node.attrs)) {
    var at2 = node.attrs[k];
    if (at2.type === 'graph') checkGraph(model, at2.value, known, depth + 1, `${where} > ${node.name}.${k}`);
    if (at2.type === 'graphs') at2.value.forEach((sg: Graph, i: number) => checkGraph(model, sg, known, depth + 1, `${where} > ${node.name}.${k}[${i}]`));
  }
}
