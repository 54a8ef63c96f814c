// Sequences whose structure is known at build time become plain tensors: a sequence value is
// the list of its elements' names, SequenceAt becomes Identity, ConcatFromSequence a Concat,
// SplitToSequence a Split. Devices never see a sequence type. Called from inferAndFold, node by
// node, since positions and split sizes are constants only known during inference.
import { Model, Node } from '../ir';
import { opsetFor } from '../graph/kernels';
import { Scope } from '../graph/shapes';
import { userError, UserError } from '../../base/errors';
import * as D from '../../device/dtype';

export var SEQUENCE_OPS: Record<string, true> = { SequenceEmpty: true, SequenceConstruct: true, SequenceInsert: true, SequenceErase: true,
  SequenceAt: true, SequenceLength: true, ConcatFromSequence: true, SplitToSequence: true };

export function isSequenceOp(node: Node) {
  return node.domain === '' && SEQUENCE_OPS[node.op] === true;
}

// Replacement nodes for a sequence op (possibly none: the op only defines a sequence value).
export function lowerSequenceNode(model: Model, scope: Scope, node: Node): Node[] {
  var where = `${model.file}: node '${node.name}' (${node.op})`;
  var seqOf = (name: string) => {
    var v = scope.get(name);
    if (!v || !v.seq) userError(`${where}: input '${name}' is not a sequence known at build time`);
    return v.seq!.slice();
  };
  var needConst = (name: string, what: string) => {
    var e: any = new UserError(`${where}: ${what} '${name}' must be a constant at build time` +
      (scope.graph.inputs.indexOf(name) >= 0 ? `; freeze it with --const ${name}=...` : ''));
    e.constName = name;
    throw e;
  };
  var constInt = (name: string, what: string) => {
    var v = scope.get(name);
    if (!v || !v.data) needConst(name, what);
    return v!.data![0];
  };
  var define = (seq: string[], dtype: number) => scope.graph.values.set(node.outputs[0], { name: node.outputs[0], dtype, shape: null, seq });
  var dtypeOf = (name: string) => scope.get(name)!.dtype;
  var position = (len: number, name: string | undefined, dflt: number, insert: boolean) => {
    var p = name ? constInt(name, 'position') : dflt;
    if (p < 0) p += len;
    if (p < 0 || p > (insert ? len : len - 1)) userError(`${where}: position ${p} is out of range for a sequence of ${len}`);
    return p;
  };
  var opset = opsetFor(model, { ...node, domain: '' });
  var n = 0;
  var fresh = (tag: string) => `${node.name}/${tag}${n++}`;
  var constNode = (name: string, values: number[]): Node => ({ name, op: 'Constant', domain: '', inputs: [], outputs: [name],
    attrs: { value: { type: 'tensor', value: { dtype: D.INT32, shape: [values.length], data: new Int32Array(values) } } } });
  // Squeeze/Unsqueeze/Split take their axes/sizes as attributes before opset 13, as inputs after.
  var axesOp = (op: string, input: string, output: string, key: string, values: number[], extra: Record<string, any> = {}): Node[] => {
    if (opset < 13) return [{ name: fresh(op), op, domain: '', inputs: [input], outputs: Array.isArray(output) ? output : [output], attrs: { ...extra, [key]: { type: 'ints', value: values } } }];
    var c = fresh('const');
    return [constNode(c, values), { name: fresh(op), op, domain: '', inputs: [input, c], outputs: Array.isArray(output) ? output : [output], attrs: extra }];
  };

  switch (node.op) {
    case 'SequenceEmpty':
      define([], node.attrs.dtype ? node.attrs.dtype.value : D.FLOAT);
      return [];
    case 'SequenceConstruct':
      define(node.inputs.slice(), dtypeOf(node.inputs[0]));
      return [];
    case 'SequenceInsert': {
      var s = seqOf(node.inputs[0]);
      s.splice(position(s.length, node.inputs[2], s.length, true), 0, node.inputs[1]);
      define(s, dtypeOf(node.inputs[1]));
      return [];
    }
    case 'SequenceErase': {
      var s = seqOf(node.inputs[0]);
      s.splice(position(s.length, node.inputs[1], s.length - 1, false), 1);
      define(s, scope.get(node.inputs[0])!.dtype);
      return [];
    }
    case 'SequenceAt': {
      var s = seqOf(node.inputs[0]);
      return [{ name: node.name, op: 'Identity', domain: '', inputs: [s[position(s.length, node.inputs[1], 0, false)]], outputs: [node.outputs[0]], attrs: {} }];
    }
    case 'SequenceLength':
      return [constNode(node.outputs[0], [seqOf(node.inputs[0]).length])];
    case 'ConcatFromSequence': {
      var s = seqOf(node.inputs[0]);
      if (!s.length) userError(`${where}: cannot concatenate an empty sequence`);
      var axis = node.attrs.axis ? node.attrs.axis.value : 0;
      var out: Node[] = [];
      if (node.attrs.new_axis && node.attrs.new_axis.value === 1) {
        var rank = (scope.get(s[0])!.shape || []).length;
        var ax = axis < 0 ? axis + rank + 1 : axis;
        s = s.map(item => { var u = fresh('unsqueezed'); out.push(...axesOp('Unsqueeze', item, u, 'axes', [ax])); return u; });
        axis = ax;
      }
      out.push({ name: node.name, op: 'Concat', domain: '', inputs: s, outputs: [node.outputs[0]], attrs: { axis: { type: 'int', value: axis } } });
      return out;
    }
    case 'SplitToSequence': {
      var x = scope.get(node.inputs[0])!;
      if (!x.shape || x.shape.some(d => typeof d !== 'number')) userError(`${where}: input '${node.inputs[0]}' needs a static shape`);
      var shape = x.shape as number[];
      var axis = node.attrs.axis ? node.attrs.axis.value : 0;
      if (axis < 0) axis += shape.length;
      var dim = shape[axis], sizes: number[];
      var splitV = node.inputs[1] ? scope.get(node.inputs[1]) : undefined;
      if (node.inputs[1] && (!splitV || !splitV.data)) needConst(node.inputs[1], 'split');
      if (!splitV) sizes = new Array(dim).fill(1);
      else if (splitV.shape!.length === 0) { var c = splitV.data![0]; sizes = []; for (var left = dim; left > 0; left -= c) sizes.push(Math.min(c, left)); }
      else sizes = Array.from(splitV.data!);
      var parts = sizes.map(() => fresh('part'));
      var out: Node[] = opset < 13 ?
        [{ name: fresh('Split'), op: 'Split', domain: '', inputs: [node.inputs[0]], outputs: parts, attrs: { axis: { type: 'int', value: axis }, split: { type: 'ints', value: sizes } } }] :
        (() => { var cs = fresh('const'); return [constNode(cs, sizes), { name: fresh('Split'), op: 'Split', domain: '', inputs: [node.inputs[0], cs], outputs: parts, attrs: { axis: { type: 'int', value: axis } } }]; })();
      var keep = node.attrs.keepdims ? node.attrs.keepdims.value : 1;
      var items = parts;
      if (!splitV && keep === 0) items = parts.map(p => { var q = fresh('squeezed'); out.push(...axesOp('Squeeze', p, q, 'axes', [axis])); return q; });
      define(items, x.dtype);
      return out;
    }
  }
  return [];
}
