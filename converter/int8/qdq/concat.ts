// QConcat: each input rescaled to the output's quantization (multiplier 0: copied as is).
import { Node } from '../../ir';
import { QdqContext, Fusion, DQ, same } from './context';
import { int, ints } from '../qoperator/context';
import { quantizeMultiplier } from '../quantize/multiplier';

// DQ(x_i) → Concat → Q
export function concat(ctx: QdqContext, n: Node): Fusion | null {
  var xs = n.inputs.map(i => ctx.actIn(i));
  if (!xs.length || xs.some(x => !x)) return null;
  var ins = xs as DQ[], q = ctx.qAt(n.outputs[0]);
  if (!q) return null;
  var mult: number[] = [], shift: number[] = [], what = ctx.what(n);
  for (var x of ins) {
    if (same(x, q)) { mult.push(0); shift.push(0); continue; }
    var m = quantizeMultiplier(x.scale[0] / q.scale, what);
    mult.push(m[0]); shift.push(m[1]);
  }
  var attrs: Node['attrs'] = { axis: n.attrs.axis, x_zero_points: ints(ins.map(x => x.zp[0])), multiplier: ints(mult), shift: ints(shift),
    y_zero_point: int(q.zp), output_dtype: int(q.dtype) };
  ins.forEach(x => ctx.noteDq(x)); ctx.noteQ(q);
  return { remove: [n, q.node], q, node: ctx.newNode(n, 'QConcat', ins.map(x => x.x), q, attrs) };
}
