// com.microsoft QLinearConcat → tinyonnx.int8 QConcat: an input already in Y's quantization is
// copied, any other requantized through a 256-entry table built here as onnxruntime builds it
// (qlinear_concat.cc: Q(DQ(x)) in float32), given to QConcat as a constant input (lut).
import { Node } from '../../ir';
import { QOp, int, ints } from './context';
import { float32Table } from './pointwise';

// Inputs: Y_scale, Y_zero_point, then X_i, X_i_scale, X_i_zero_point for every input i.
export function concat(q: QOp): Node[] {
  q.onlyAttrs(['axis']);
  var n = q.node.inputs.length;
  if (n < 5 || (n - 2) % 3 !== 0) q.fail(`takes Y_scale, Y_zero_point and one (tensor, scale, zero point) triple per input, got ${n} inputs`);
  var axis = q.node.attrs.axis;
  if (!axis || axis.type !== 'int') q.fail('attribute axis is required (an int)');
  var t = q.int8Type(2, 'X_0'), y = q.qparams(0, 1, 'Y', t);
  var xs: string[] = [], zps: number[] = [], lut: number[] = [], tables: string[] = [];
  for (var i = 2; i < n; i += 3) {
    var k = (i - 2) / 3;
    if (q.int8Type(i, `X_${k}`) !== t) q.fail(`input ${i} (X_${k}) must have the element type of the others`);
    var x = q.qparams(i + 1, i + 2, `X_${k}`, t);
    xs.push(q.input(i)); zps.push(x.zp);
    q.note(q.input(i), x);
    var copy = Math.fround(x.scale) === Math.fround(y.scale) && x.zp === y.zp;
    lut.push(copy ? 0 : 1);
    if (!copy) tables.push(q.addConst(`${q.input(i)}_requant_lut`, t, [256], float32Table(x, y, v => v)));
  }
  q.note(q.node.outputs[0], y);
  var none = xs.map(() => 0);   // multiplier/shift: every input is copied or uses its table
  var attrs: Node['attrs'] = { axis: int(axis.value), x_zero_points: ints(zps), multiplier: ints(none), shift: ints(none),
    y_zero_point: int(y.zp), output_dtype: int(t) };
  if (tables.length) attrs.lut = ints(lut);
  return [q.int8Node('QConcat', xs.concat(tables), q.node.outputs[0], attrs)];
}
