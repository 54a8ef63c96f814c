// Element-wise functions of one tensor that an int8 model runs as a 256-entry table
// (tinyonnx.int8:QLookup): which nodes qualify, and building the table by running the float
// kernels themselves (DequantizeLinear → the chain → QuantizeLinear) on all 256 input values, so
// the table holds exactly what the float path would compute.
import { Model, Node, describeNode } from '../../ir';
import { kernelFor, opsetFor, runNode } from '../../graph/kernels';
import { ValueType } from '../../../device/kernels/infer';
import { userError } from '../../../base/errors';
import * as D from '../../../device/dtype';
import { ConstOf, RankOf } from './activations';

// Ops computing y[i] from x[i] alone (plus scalar constants).
var UNARY = new Set(['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'HardSigmoid', 'HardSwish', 'Elu', 'Selu', 'Celu', 'Softplus',
  'Softsign', 'Exp', 'Log', 'Sqrt', 'Abs', 'Neg', 'Erf', 'Gelu', 'Mish', 'ThresholdedRelu', 'Clip', 'Reciprocal', 'Sin',
  'Cos', 'Tan', 'Atan', 'Floor', 'Ceil', 'Round', 'Sign', 'Shrink', 'Identity', 'PRelu', 'Swish',
  'Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Pow']);
var BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Pow', 'PRelu']);

// Whether `node` is an element-wise function of its input `cur` alone: every other input a
// constant with one element whose rank does not grow the output's.
export function isUnaryOn(node: Node, cur: string, constOf: ConstOf, rankOf: RankOf): boolean {
  if (node.domain !== '' || !UNARY.has(node.op) || node.outputs.filter(Boolean).length !== 1) return false;
  var rx = rankOf(cur);
  if (rx === null) return false;
  if (BINARY.has(node.op) && node.inputs.filter(Boolean).length !== 2) return false;
  var seen = 0;
  for (var i = 0; i < node.inputs.length; i++) {
    var n = node.inputs[i];
    if (!n) continue;
    if (n === cur) { seen++; continue; }
    var c = constOf(n);
    if (!c || c.data.length !== 1 || c.shape.length > rx) return false;
  }
  if (seen !== 1) return false;
  if (node.op === 'PRelu' && node.inputs[0] !== cur) return false;
  return true;
}

export interface TableNode { node: Node; cur: string }

// Runs DQ(x) → chain → Q on the 256 values of x's type; returns the table (Q's output type).
export function buildTable(model: Model, xDtype: number, dq: Node, chain: TableNode[], q: Node,
                           constOf: (name: string) => ValueType | null): { dtype: number; data: D.TypedArray } {
  var off = xDtype === D.INT8 ? 128 : 0;
  var x = new (D.ARRAY_OF[xDtype]!)(256);
  for (var i = 0; i < 256; i++) x[i] = i - off;
  var cur: ValueType = { dtype: xDtype, shape: [256], data: x };
  var steps: TableNode[] = [{ node: dq, cur: dq.inputs[0] }, ...chain, { node: q, cur: q.inputs[0] }];
  for (var s of steps) {
    var ins: (ValueType | null)[] = s.node.inputs.map(n => {
      if (!n) return null;
      if (n === s.cur) return cur;
      var c = constOf(n);
      if (!c) userError(`${model.file}: ${describeNode(s.node)}: input '${n}' must be a constant to build a lookup table`);
      return c;
    });
    var k = kernelFor(model, s.node), opset = opsetFor(model, s.node);
    var outT = k.infer({ op: s.node.op, name: s.node.name, opset, inputs: ins, attrs: plainOf(s.node), numOutputs: 1, graphs: {} });
    var res = runNode(k, s.node, opset, ins, [outT[0]], {});
    cur = { dtype: res[0].dtype, shape: res[0].shape, data: res[0].data };
  }
  if (cur.data!.length !== 256) userError(`${model.file}: ${describeNode(q)}: a lookup table must have 256 entries, got ${cur.data!.length}`);
  return { dtype: cur.dtype, data: cur.data! };
}

function plainOf(n: Node) { var r: Record<string, any> = {}; for (var k in n.attrs) r[k] = n.attrs[k].value; return r; }
