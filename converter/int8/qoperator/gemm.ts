// com.microsoft QGemm: Y = alpha · a_scale · b_scale[n] · (Σ_k (A − a_zp)(B − b_zp[n]) + C), with
// C int32 in the accumulator's unit, transA/transB; per-tensor or per-column B quantization.
//   with y_scale: tinyonnx.int8 QMatMul (B stored [N, K] when constant, C as its int32 bias),
//                 requantized by onnxruntime's own float32 ratio (quant_gemm.cc: alpha · a_scale ·
//                 b_scale[n] / y_scale, rounded to float32 at each step; 31 bits hold it exactly)
//   without:      float output, as onnxruntime computes it: MatMulInteger (exact int32) → Add C →
//                 Cast → Mul by the float32 scale alpha · a_scale · b_scale[n]. Every step is exact
//                 or one float32 rounding, the same as onnxruntime's.
// A transposed (transA) goes through an int8 Transpose node; a constant B is transposed here.
import { Node } from '../../ir';
import { QOp, Const, int, ints, outAttrs } from './context';
import { quantizeMultipliers } from '../quantize/multiplier';
import * as D from '../../../device/dtype';

var f32 = Math.fround;

// Inputs: A, a_scale, a_zero_point, B, b_scale, b_zero_point?, C?, y_scale?, y_zero_point?
export function gemm(q: QOp): Node[] {
  q.onlyAttrs(['alpha', 'transA', 'transB']);
  var transA = q.intAttr('transA', 0, [0, 1]), transB = q.intAttr('transB', 0, [0, 1]), alpha = f32(q.floatAttr('alpha', 1));
  var ta = q.int8Type(0, 'A'), tb = q.int8Type(3, 'B');
  if (ta === D.INT8 && tb !== D.INT8) q.fail('with int8 A, B must be int8 too (as onnxruntime\'s kernels)');
  var a = q.qparams(1, 2, 'a', ta), bShape = q.shape(3, 'B');
  if (bShape.length !== 2) q.fail(`B must be 2-D, got shape [${bShape}]`);
  var K = transB ? bShape[1] : bShape[0], N = transB ? bShape[0] : bShape[1];
  var bs = q.constant(4, 'b_scale'), bz = q.input(5) ? q.constant(5, 'b_zero_point') : null;
  if (bs.dtype !== D.FLOAT || (bs.data.length !== 1 && bs.data.length !== N)) q.fail(`input 4 (b_scale) must be float32 with 1 or N = ${N} values`);
  for (var s of bs.data) if (!(s > 0 && isFinite(s))) q.fail(`input 4 (b_scale) must be positive and finite, got ${s}`);
  if (bz && (bz.dtype !== tb || bz.data.length !== bs.data.length)) q.fail(`input 5 (b_zero_point) must be ${D.DTYPE_NAME[tb]} with as many values as b_scale`);
  var bScale = Array.from(bs.data), bZp = bz ? Array.from(bz.data) : bScale.map(() => 0);
  var nodes: Node[] = [], aIn = q.input(0);
  if (transA) {
    aIn = q.fresh(`${q.input(0)}_t`);
    nodes.push(q.onnxNode('Transpose', [q.input(0)], aIn, { perm: ints([1, 0]) }));
    q.note(aIn, a);
  }
  q.note(q.input(0), a);
  var B = q.constantOrNull(3), out = q.node.outputs[0];
  // B as [K, N] (or [N, K] with nk): a constant is transposed here, a computed one by a node
  function bAs(nk: boolean): string {
    if (!!transB === nk) return q.input(3);
    if (B) return q.addConst(`${q.input(3)}_t`, tb, nk ? [N, K] : [K, N], transpose(B, bShape[0], bShape[1]));
    var t = q.fresh(`${q.input(3)}_t`);
    nodes.push(q.onnxNode('Transpose', [q.input(3)], t, { perm: ints([1, 0]) }));
    return t;
  }
  if (!q.input(7)) {
    if (q.input(8)) q.fail('input 8 (y_zero_point) is given without input 7 (y_scale)');
    var acc = q.fresh(`${out}_int32`), zps = [q.input(2), bz ? q.input(5) : ''];
    while (zps.length && !zps[zps.length - 1]) zps.pop();
    nodes.push(q.onnxNode('MatMulInteger', [aIn, bAs(false)].concat(zps), acc));
    if (q.input(6)) {
      var c = q.typeOf(q.input(6));
      if (!c || c.dtype !== D.INT32) q.fail('input 6 (C) must be int32');
      var withC = q.fresh(`${out}_biased`);
      nodes.push(q.onnxNode('Add', [acc, q.input(6)], withC));
      acc = withC;
    }
    var asFloat = q.fresh(`${out}_float`);
    nodes.push(q.onnxNode('Cast', [acc], asFloat, { to: int(D.FLOAT) }));
    var scale = Float32Array.from(bScale.map(b => f32(f32(alpha * a.scale) * b)));
    var sc = q.addConst(`${out}_scale`, D.FLOAT, scale.length > 1 ? [N] : [], scale);
    nodes.push(q.onnxNode('Mul', [asFloat, sc], out));
    return nodes;
  }
  if (!q.input(8)) q.fail('input 8 (y_zero_point) is required with input 7 (y_scale): it gives the output type');
  var y = q.qparams(7, 8, 'y', ta);
  if (!(alpha > 0)) q.fail(`attribute alpha=${alpha} is not supported with a quantized output (must be > 0)`);
  var attrs: Node['attrs'] = {};
  if (a.zp) attrs.a_zero_point = int(a.zp);
  if (bZp.some(z => z !== 0)) attrs.b_zero_point = ints(bZp);
  if (B) attrs.transB = int(1);
  var bias = q.input(6) ? biasOf(q, q.constant(6, 'C'), N) : null;
  if (bias) attrs.bias = ints(bias);
  var m = quantizeMultipliers(bScale.map(b => f32(f32(f32(alpha * a.scale) * b) / y.scale)), `${q.model.file}: node '${q.node.name}'`);
  attrs.multiplier = ints(m.multiplier); attrs.shift = ints(m.shift);
  outAttrs(attrs, y);
  q.note(out, y);
  if (!B && bScale.length === 1) q.note(q.input(3), { scale: bScale[0], zp: bZp[0], dtype: tb });
  nodes.push(q.int8Node('QMatMul', [aIn, bAs(!!B)], out, attrs));
  return nodes;
}

function transpose(c: Const, rows: number, cols: number): D.TypedArray {
  var t = new (D.ARRAY_OF[c.dtype]!)(rows * cols);
  for (var r = 0; r < rows; r++) for (var k = 0; k < cols; k++) t[k * rows + r] = c.data[r * cols + k] as number;
  return t;
}

// QMatMul adds one int32 bias per column: C of shape [], [1], [N] or [1, N].
function biasOf(q: QOp, c: Const, N: number): number[] {
  if (c.dtype !== D.INT32) q.fail(`input 6 (C) must be int32, got ${D.DTYPE_NAME[c.dtype]}`);
  var perColumn = c.data.length === N && c.shape[c.shape.length - 1] === N && (c.shape.length === 1 || c.shape[0] === 1);
  if (c.data.length !== 1 && !perColumn)
    q.fail(`input 6 (C) of shape [${c.shape}] is not supported with y_scale: the int8 kernel adds one bias per column ([], [N] or [1, N], N = ${N})`);
  var r: number[] = [];
  for (var n = 0; n < N; n++) r.push(c.data[c.data.length > 1 ? n : 0] as number);
  return r;
}
