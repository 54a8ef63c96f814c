// QMaxPool, QAveragePool (one multiplier per window size, for windows cut by padding) and
// QGlobalAveragePool (one multiplier for the whole spatial size).
import { Node } from '../../ir';
import { QdqContext, Fusion, DQ, Q, same, windowAttrs } from './context';
import { int, ints } from '../qoperator/context';
import { quantizeMultiplier, quantizeMultipliers } from '../quantize/multiplier';
import * as D from '../../../device/dtype';

export var POOLS = ['MaxPool', 'AveragePool', 'GlobalAveragePool'];
var KERNELS: Record<string, string> = { MaxPool: 'QMaxPool', AveragePool: 'QAveragePool', GlobalAveragePool: 'QGlobalAveragePool' };

// DQ(x) → MaxPool | AveragePool | GlobalAveragePool → Q
export function pool(ctx: QdqContext, n: Node): Fusion | null {
  if (n.outputs.filter(Boolean).length !== 1) return null;
  var x = ctx.actIn(n.inputs[0]);
  if (!x) return null;
  var q = ctx.qAt(n.outputs[0]);
  if (!q) return null;
  var attrs = windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'kernel_shape', 'count_include_pad', 'ceil_mode']);
  if (x.zp[0]) attrs.x_zero_point = int(x.zp[0]);
  if (q.zp) attrs.y_zero_point = int(q.zp);
  if (n.op === 'MaxPool' ? q.dtype !== x.dtype : q.dtype !== D.INT8) attrs.output_dtype = int(q.dtype);
  if (!poolRequant(ctx, n, x, q, attrs)) return null;
  ctx.noteDq(x); ctx.noteQ(q);
  return { remove: [n, q.node], q, node: ctx.newNode(n, KERNELS[n.op], [x.x], q, attrs) };
}

// The multipliers of x_scale / (y_scale * count); false when the pool's sizes are not known.
function poolRequant(ctx: QdqContext, n: Node, x: DQ, q: Q, attrs: Node['attrs']): boolean {
  var what = ctx.what(n), ratio = x.scale[0] / q.scale;
  if (n.op === 'MaxPool') {
    if (!n.attrs.kernel_shape) return false;
    if (!same(x, q)) { var m = quantizeMultiplier(ratio, what); attrs.multiplier = int(m[0]); attrs.shift = int(m[1]); }
  } else if (n.op === 'AveragePool') {
    if (!n.attrs.kernel_shape) return false;
    var area = (n.attrs.kernel_shape.value as number[]).reduce((p, v) => p * v, 1), reals = [0];
    for (var c = 1; c <= area; c++) reals.push(ratio / c);
    var mm = quantizeMultipliers(reals, what);
    attrs.multiplier = ints(mm.multiplier); attrs.shift = ints(mm.shift);
  } else {
    var xs = ctx.shapeOf(n.inputs[0]);
    if (!xs || xs.length < 3) return false;
    var m2 = quantizeMultiplier(ratio / D.sizeOf(xs.slice(2)), what);
    attrs.multiplier = int(m2[0]); attrs.shift = int(m2[1]);
  }
  return true;
}
