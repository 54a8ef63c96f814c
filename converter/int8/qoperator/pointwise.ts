// com.microsoft QLinearAdd, QLinearMul → tinyonnx.int8 QAdd, QMul (numpy broadcasting, as
// onnxruntime's), and QLinearSigmoid, QLinearLeakyRelu → QLookup with the 256-entry table built
// here the way onnxruntime builds its own (qlinear_lookup_table.cc): dequantize in float32,
// the function in float32, QuantizeLinear's float32 division and round half to even.
import { Node } from '../../ir';
import { QOp, QParams, int, outAttrs } from './context';
import { addMultipliers, quantizeMultiplier } from '../quantize/multiplier';
import * as D from '../../../device/dtype';

// Inputs: A, A_scale, A_zero_point?, B, B_scale, B_zero_point?, C_scale, C_zero_point?
export function binary(q: QOp): Node[] {
  q.onlyAttrs([]);
  var t = q.int8Type(0, 'A');
  if (q.int8Type(3, 'B') !== t) q.fail('A and B must have the same element type');
  var a = q.qparams(1, 2, 'A', t), b = q.qparams(4, 5, 'B', t), y = q.qparams(6, 7, 'C', t);
  var attrs: Node['attrs'] = {};
  if (a.zp) attrs.a_zero_point = int(a.zp);
  if (b.zp) attrs.b_zero_point = int(b.zp);
  outAttrs(attrs, y);
  // the ratios onnxruntime uses, rounded to float32 as it computes them (qladd_avx2.cpp:
  // A_scale / C_scale, B_scale / C_scale; qlmul.cpp: A_scale * B_scale / C_scale); 31 bits
  // hold them exactly, so only onnxruntime's float rounding of each product can differ
  var add = q.node.op === 'QLinearAdd', where = `${q.model.file}: node '${q.node.name}'`, f32 = Math.fround;
  if (add) {
    var m = addMultipliers(f32(a.scale / y.scale), f32(b.scale / y.scale));
    if (!m) q.fail(`A_scale / C_scale or B_scale / C_scale is 2^30 or more; the scales do not fit int8 arithmetic`);
    attrs.a_multiplier = int(m![0]); attrs.b_multiplier = int(m![1]); attrs.shift = int(m![2]);
  } else {
    var mm = quantizeMultiplier(f32(f32(a.scale * b.scale) / y.scale), where);
    attrs.multiplier = int(mm[0]); attrs.shift = int(mm[1]);
  }
  q.note(q.input(0), a); q.note(q.input(3), b); q.note(q.node.outputs[0], y);
  return [q.int8Node(add ? 'QAdd' : 'QMul', [q.input(0), q.input(3)], q.node.outputs[0], attrs)];
}

// Inputs: X, X_scale, X_zero_point?, Y_scale, Y_zero_point?; QLinearLeakyRelu: alpha (0.01).
export function lookup(q: QOp): Node[] {
  var leaky = q.node.op === 'QLinearLeakyRelu';
  q.onlyAttrs(leaky ? ['alpha'] : []);
  var t = q.int8Type(0, 'X'), x = q.qparams(1, 2, 'X', t), y = q.qparams(3, 4, 'Y', t);
  var alpha = Math.fround(q.floatAttr('alpha', 0.01));
  var f = leaky ? (v: number) => (v >= 0 ? v : Math.fround(alpha * v)) : (v: number) => Math.fround(1 / (1 + Math.exp(-v)));
  var table = q.addConst(`${q.node.outputs[0]}_lut`, t, [256], float32Table(x, y, f));
  q.note(q.input(0), x); q.note(q.node.outputs[0], y);
  return [q.int8Node('QLookup', [q.input(0), table], q.node.outputs[0], {})];
}

// y[i] = Q(f(DQ(x_i))) for x_i = i (uint8) or i - 128 (int8), every step rounded to float32.
export function float32Table(x: QParams, y: QParams, f: (v: number) => number): D.TypedArray {
  var off = x.dtype === D.INT8 ? 128 : 0, lo = y.dtype === D.UINT8 ? 0 : -128, hi = lo + 255;
  var t = new (D.ARRAY_OF[y.dtype]!)(256);
  for (var i = 0; i < 256; i++) {
    var v = f(Math.fround(x.scale * (i - off - x.zp))), r = Math.fround(v / y.scale);
    var k = Math.floor(r), d = r - k;
    if (d > 0.5 || (d === 0.5 && k % 2 !== 0)) k++;
    k += y.zp;
    t[i] = k < lo ? lo : k > hi ? hi : k;
  }
  return t;
}
