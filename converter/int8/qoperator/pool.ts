// com.microsoft QLinearAveragePool → tinyonnx.int8 QAveragePool (between two int8 Transposes
// when channels_last), and QLinearGlobalAveragePool → QGlobalAveragePool (which reads
// channels_last input in place). The kernels sum x − x_zp exactly and requantize once by
// x_scale / (y_scale · count); onnxruntime averages dequantized floats, so the two can differ
// by one step where the average lands next to a rounding boundary.
import { Node } from '../../ir';
import { QOp, int, ints, outAttrs } from './context';
import { quantizeMultiplier, quantizeMultipliers } from '../quantize/multiplier';
import * as D from '../../../device/dtype';

var AUTO_PADS = ['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'];

// Inputs: X, x_scale, x_zero_point?, y_scale, y_zero_point?
export function averagePool(q: QOp): Node[] {
  q.onlyAttrs(['auto_pad', 'ceil_mode', 'channels_last', 'count_include_pad', 'kernel_shape', 'pads', 'strides']);
  var t = q.int8Type(0, 'X'), x = q.qparams(1, 2, 'x', t), y = q.qparams(3, 4, 'y', t);
  var last = q.intAttr('channels_last', 0, [0, 1]), ceil = q.intAttr('ceil_mode', 0, [0, 1]);
  var include = q.intAttr('count_include_pad', 0, [0, 1]), a = q.node.attrs;
  var ks: number[] = a.kernel_shape ? a.kernel_shape.value : q.fail('attribute kernel_shape is required');
  var S = ks.length, R = S + 2;
  if (S < 1 || S > 3) q.fail(`attribute kernel_shape=[${ks}] is not supported (1 to 3 spatial axes)`);
  var auto = a.auto_pad ? String(a.auto_pad.value) : 'NOTSET';
  if (AUTO_PADS.indexOf(auto) < 0) q.fail(`attribute auto_pad=${auto} is not supported (supported: ${AUTO_PADS.join(', ')})`);
  var strides: number[] = a.strides ? a.strides.value : ks.map(() => 1);
  var pads: number[] = a.pads ? a.pads.value.slice() : [];
  if (strides.length !== S) q.fail(`attribute strides=[${strides}] must have ${S} values, one per kernel axis`);
  if (pads.length && pads.length !== 2 * S) q.fail(`attribute pads=[${pads}] must have ${2 * S} values`);
  var attrs: Node['attrs'] = { kernel_shape: ints(ks) };
  if (strides.some(s => s !== 1)) attrs.strides = ints(strides);
  if (auto !== 'NOTSET') attrs.auto_pad = { type: 'string', value: auto };
  if (pads.some(p => p !== 0)) attrs.pads = ints(pads);
  if (include) attrs.count_include_pad = int(1);
  if (ceil && (auto === 'NOTSET' || auto === 'VALID')) {
    // onnxruntime (pool_attributes.h) makes ceil((L + pads − k) / s) + 1 windows and, counting
    // padding, divides every one by the whole kernel. As floor mode with the end pads grown to
    // the last window's end, the kernel makes the same windows with the same divisors.
    var xs = q.shape(0, 'X'), sp = last ? xs.slice(1, 1 + S) : xs.slice(2);
    if (auto === 'VALID' || !pads.length) pads = ks.concat(ks).map(() => 0);
    for (var i = 0; i < S; i++) {
      var span = sp[i] + pads[i] + pads[S + i] - ks[i];
      if (span < 0) q.fail(`kernel_shape=[${ks}] does not fit the input's spatial shape [${sp}] plus pads`);
      pads[S + i] = Math.ceil(span / strides[i]) * strides[i] + ks[i] - sp[i] - pads[i];
    }
    attrs.pads = ints(pads);
    delete attrs.auto_pad;
  }
  var area = ks.reduce((p, v) => p * v, 1), reals = [0], ratio = x.scale / y.scale;
  for (var c = 1; c <= area; c++) reals.push(ratio / c);
  var m = quantizeMultipliers(reals, `${q.model.file}: node '${q.node.name}'`);
  attrs.multiplier = ints(m.multiplier); attrs.shift = ints(m.shift);
  if (x.zp) attrs.x_zero_point = int(x.zp);
  outAttrs(attrs, y);
  q.note(q.input(0), x); q.note(q.node.outputs[0], y);
  if (!last) return [q.int8Node('QAveragePool', [q.input(0)], q.node.outputs[0], attrs)];
  // NHWC → NCHW, pool, back: the int8 Transpose is a plain copy with the input's quantization
  var toFirst = [0, R - 1], toLast = [0];
  for (var d = 1; d < R - 1; d++) toFirst.push(d);
  for (var d = 2; d < R; d++) toLast.push(d);
  toLast.push(1);
  var xin = q.fresh(`${q.input(0)}_nchw`), yout = q.fresh(`${q.node.outputs[0]}_nchw`);
  q.note(xin, x); q.note(yout, y);
  return [q.onnxNode('Transpose', [q.input(0)], xin, { perm: ints(toFirst) }),
    q.int8Node('QAveragePool', [xin], yout, attrs),
    q.onnxNode('Transpose', [yout], q.node.outputs[0], { perm: ints(toLast) })];
}

// Inputs: X, x_scale, x_zero_point, y_scale, y_zero_point
export function globalAveragePool(q: QOp): Node[] {
  q.onlyAttrs(['channels_last']);
  var t = q.int8Type(0, 'X'), x = q.qparams(1, 2, 'x', t), y = q.qparams(3, 4, 'y', t);
  var last = q.intAttr('channels_last', 0, [0, 1]), xs = q.shape(0, 'X');
  if (xs.length < 3) q.fail(`X must have rank 3 or more, got [${xs}]`);
  var size = D.sizeOf(last ? xs.slice(1, xs.length - 1) : xs.slice(2));
  var m = quantizeMultiplier(x.scale / (y.scale * size), `${q.model.file}: node '${q.node.name}'`);
  var attrs: Node['attrs'] = { multiplier: int(m[0]), shift: int(m[1]) };
  if (x.zp) attrs.x_zero_point = int(x.zp);
  if (last) attrs.channels_last = int(1);
  outAttrs(attrs, y);
  q.note(q.input(0), x); q.note(q.node.outputs[0], y);
  return [q.int8Node('QGlobalAveragePool', [q.input(0)], q.node.outputs[0], attrs)];
}
