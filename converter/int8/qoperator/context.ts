// What each com.microsoft QOperator rewrite needs to know about the node it replaces: its
// constant scales and zero points (read once, checked, with a one-line error naming node, op and
// input otherwise), its attributes (unsupported values are user errors), element types and
// shapes of its inputs, and helpers to emit the replacement nodes and constants.
import { Graph, Model, Node, Attr, describeNode } from '../../ir';
import { userError } from '../../../base/errors';
import { cloneModel } from '../../graph/clone';
import { Namer } from '../../graph/names';
import { staticShape } from '../../graph/shapes';
import { GraphIndex, constData } from '../../graph/uses';
import { noteQuant } from '../quantize/annotate';
import { inferAndFold } from '../../passes/inferAndFold';
import { INT8_DOMAIN } from '../../../device/kernels/int8/domain';
import * as D from '../../../device/dtype';

export interface Const { dtype: number; shape: number[]; data: D.TypedArray }

// A per-tensor quantization: scale (float32, as a double), zero point, element type.
export interface QParams { scale: number; zp: number; dtype: number }

export class QOp {
  constructor(public model: Model, public node: Node, private index: GraphIndex, private namer: Namer,
              private shapes: (name: string) => { dtype: number; shape: number[] } | null) {}

  fail(message: string): never {
    return userError(`${this.model.file}: ${describeNode(this.node)}: ${message}`);
  }

  input(i: number): string { return this.node.inputs[i] || ''; }

  // Input i as a constant; a clear error when it is computed at run time.
  constant(i: number, role: string): Const {
    var name = this.input(i);
    if (!name) this.fail(`input ${i} (${role}) is missing`);
    var c = constData(this.model.graph, this.index, name);
    if (!c) this.fail(`input ${i} (${role}) '${name}' must be a constant (an initializer or a Constant node), it is computed at run time`);
    return c!;
  }

  constantOrNull(i: number): Const | null {
    return this.input(i) ? constData(this.model.graph, this.index, this.input(i)) : null;
  }

  // A per-tensor scale: one positive finite float.
  scale(i: number, role: string): number {
    var c = this.constant(i, role);
    if (c.dtype !== D.FLOAT) this.fail(`input ${i} (${role}) must be float32, got ${D.DTYPE_NAME[c.dtype]}`);
    if (c.data.length !== 1) this.fail(`input ${i} (${role}) must hold one value (per-tensor), got ${c.data.length}`);
    var s = c.data[0] as number;
    if (!(s > 0 && isFinite(s))) this.fail(`input ${i} (${role}) must be positive and finite, got ${s}`);
    return s;
  }

  // A per-tensor zero point (0 when the optional input is omitted) of an int8/uint8 tensor.
  zeroPoint(i: number, role: string, dtype: number): number {
    if (!this.input(i)) return 0;
    var c = this.constant(i, role);
    if (c.dtype !== dtype) this.fail(`input ${i} (${role}) must be ${D.DTYPE_NAME[dtype]} like the data it quantizes, got ${D.DTYPE_NAME[c.dtype]}`);
    if (c.data.length !== 1) this.fail(`input ${i} (${role}) must hold one value (per-tensor), got ${c.data.length}`);
    return c.data[0] as number;
  }

  // Scale at `si`, zero point at `zi` of an int8/uint8 tensor of type `dtype`.
  qparams(si: number, zi: number, what: string, dtype: number): QParams {
    return { scale: this.scale(si, `${what} scale`), zp: this.zeroPoint(zi, `${what} zero point`, dtype), dtype };
  }

  // Element type of input i, which must be int8 or uint8.
  int8Type(i: number, role: string): number {
    var name = this.input(i), t = this.typeOf(name);
    if (!t) this.fail(`input ${i} (${role}) '${name}' has an unknown element type`);
    if (t!.dtype !== D.INT8 && t!.dtype !== D.UINT8) this.fail(`input ${i} (${role}) must be int8 or uint8, got ${D.DTYPE_NAME[t!.dtype]}`);
    return t!.dtype;
  }

  typeOf(name: string): { dtype: number; shape: number[] | null } | null {
    var v = this.model.graph.values.get(name);
    if (v && v.dtype && (v.data || staticShape(v))) return { dtype: v.dtype, shape: staticShape(v) };
    var t = this.shapes(name);
    if (t) return t;
    return v && v.dtype ? { dtype: v.dtype, shape: null } : null;
  }

  shape(i: number, role: string): number[] {
    var name = this.input(i), t = this.typeOf(name);
    if (!t || !t.shape) this.fail(`the shape of input ${i} (${role}) '${name}' is not known at build time`);
    return t!.shape!;
  }

  // An int attribute that must take one of `allowed` values.
  intAttr(name: string, dflt: number, allowed: number[]): number {
    var a = this.node.attrs[name], v = a ? a.value : dflt;
    if (a && a.type !== 'int') this.fail(`attribute ${name} must be an int`);
    if (allowed.indexOf(v) < 0) this.fail(`attribute ${name}=${v} is not supported (supported: ${allowed.join(', ')})`);
    return v;
  }

  floatAttr(name: string, dflt: number): number {
    var a = this.node.attrs[name];
    if (a && a.type !== 'float') this.fail(`attribute ${name} must be a float`);
    return a ? a.value : dflt;
  }

  // Fails on attributes the op does not define (a model meant for another version of the op).
  onlyAttrs(names: string[]) {
    for (var k in this.node.attrs) if (names.indexOf(k) < 0) this.fail(`attribute ${k} is not supported (the op defines ${names.join(', ') || 'none'})`);
  }

  fresh(base: string): string { return this.namer.fresh(base); }

  addConst(base: string, dtype: number, shape: number[], data: D.TypedArray): string {
    return addConst(this.model.graph, this.namer, base, dtype, shape, data);
  }

  // Quantization metadata for model.tnx (Tensor.quant) of an int8 tensor.
  note(name: string, q: QParams) {
    noteQuant(this.model, name, { scale: [Math.fround(q.scale)], zeroPoint: [q.zp], axis: -1 });
  }

  int8Node(op: string, inputs: string[], output: string, attrs: Node['attrs']): Node {
    return int8Node(this.node.name, op, inputs, [output], attrs);
  }

  onnxNode(op: string, inputs: string[], output: string, attrs: Node['attrs'] = {}): Node {
    return { name: this.fresh(`${this.node.name}/${op}`), op, domain: '', inputs, outputs: [output], attrs };
  }
}

// A new constant, under a fresh name from `base`.
export function addConst(g: Graph, namer: Namer, base: string, dtype: number, shape: number[], data: D.TypedArray): string {
  var name = namer.fresh(base);
  g.values.set(name, { name, dtype, shape, data });
  return name;
}

export function int8Node(name: string, op: string, inputs: string[], outputs: string[], attrs: Node['attrs']): Node {
  return { name, op, domain: INT8_DOMAIN, inputs, outputs, attrs };
}

export function int(v: number): Attr { return { type: 'int', value: v }; }
export function ints(v: number[]): Attr { return { type: 'ints', value: v }; }

// The zero point, clamp and type attributes of an int8 kernel's output (defaults left out).
export function outAttrs(attrs: Node['attrs'], y: QParams) {
  if (y.zp) attrs.y_zero_point = int(y.zp);
  if (y.dtype === D.UINT8) attrs.output_dtype = int(D.UINT8);
}

// Types and shapes of the values the rewritten nodes before node `count` define: inference of a
// copy of the graph cut there (every node before it has a kernel by then). Built on demand.
export function prefixShapes(model: Model, nodes: () => Node[]) {
  var cache: Map<string, { dtype: number; shape: number[] }> | null = null, at = -1;
  return function (name: string) {
    var list = nodes();
    if (!cache || at !== list.length) {
      var copy = cloneModel(model);
      copy.graph.nodes = cloneModel({ ...model, graph: { ...model.graph, nodes: list } }).graph.nodes;
      inferAndFold(copy);
      cache = new Map();
      for (var [k, v] of copy.graph.values) { var s = staticShape(v); if (s) cache.set(k, { dtype: v.dtype, shape: s }); }
      at = list.length;
    }
    return cache.get(name) || null;
  };
}
