// Weights-only: float activations times int8 constant weights (per tensor or per output
// channel), as float math on the int8 weights with no dequantized copy. Biases stay float (an
// int32 DequantizeLinear bias is dequantized here).
import { Node } from '../../ir';
import { QdqContext, Fusion, DQ, windowAttrs, scalesAlong, gemmAttrs } from './context';
import { int8Node, ints } from '../qoperator/context';
import * as D from '../../../device/dtype';

// float x, DQ(int8 w const) → Conv | MatMul | Gemm (no Q after)
export function weightOnly(ctx: QdqContext, n: Node): Fusion | null {
  if (ctx.actIn(n.inputs[0]) || ctx.dtypeOf(n.inputs[0]) !== D.FLOAT) return null;
  var w = ctx.dqOf(n.inputs[1]);
  if (!w || !w.xData || !w.xShape || w.dtype === D.INT32) return null;
  return n.op === 'Conv' ? weightOnlyConv(ctx, n, w, w.xShape) : weightOnlyMatMul(ctx, n, w, w.xData, w.xShape);
}

// → WConv
function weightOnlyConv(ctx: QdqContext, n: Node, w: DQ, wShape: number[]): Fusion | null {
  var M = wShape[0];
  if (!scalesAlong(w, M, 0)) return null;
  var b = floatBias(ctx, n.inputs[2], M, 1);
  if (b === false) return null;
  var attrs = windowAttrs(n, ['auto_pad', 'pads', 'strides', 'dilations', 'group']);
  attrs.scale = { type: 'floats', value: w.scale.slice() };
  if (w.zp.some(z => z !== 0)) attrs.w_zero_point = ints(w.zp);
  var inputs = b ? [n.inputs[0], w.x, b] : [n.inputs[0], w.x];
  return { remove: [n], q: null, node: int8Node(n.name, 'WConv', inputs, n.outputs.slice(), attrs) };
}

// → WMatMul, weights stored [K, N] (Gemm's transB undone at build time, alpha in the scales)
function weightOnlyMatMul(ctx: QdqContext, n: Node, w: DQ, wData: D.TypedArray, wShape: number[]): Fusion | null {
  var isGemm = n.op === 'Gemm', gemm = gemmAttrs(n), tb = gemm.transB;
  if (wShape.length !== 2 || gemm.transA) return null;
  var K = tb ? wShape[1] : wShape[0], N = tb ? wShape[0] : wShape[1];
  if (!scalesAlong(w, N, tb ? 0 : 1)) return null;
  if (isGemm && n.inputs[2] && !ctx.gemmBiasFits(n.inputs[2], N)) return null;
  var bias = isGemm ? floatBias(ctx, n.inputs[2], N, gemm.beta) : null;
  if (bias === false) return null;
  var bIn = tb ? ctx.addTransposed(w.x + '_t', w.dtype, N, K, wData) : w.x;
  var attrs: Node['attrs'] = { scale: { type: 'floats', value: w.scale.map(s => s * gemm.alpha) } };
  if (w.zp.some(z => z !== 0)) attrs.b_zero_point = ints(w.zp);
  var inputs = bias ? [n.inputs[0], bIn, bias] : [n.inputs[0], bIn];
  return { remove: [n], q: null, node: int8Node(n.name, 'WMatMul', inputs, n.outputs.slice(), attrs) };
}

// A float32 bias constant of `count` values (times beta), from DQ(int32) or a float constant.
function floatBias(ctx: QdqContext, name: string, count: number, beta: number): string | null | false {
  if (!name) return null;
  var d = ctx.dqOf(name), vals = new Float32Array(count);
  if (d) {
    if (!d.xData || (d.xData.length !== 1 && d.xData.length !== count)) return false;
    for (var c = 0; c < count; c++) { var k = d.xData.length > 1 ? c : 0, sk = d.scale.length > 1 ? c : 0; vals[c] = (d.xData[k] - d.zp[sk]) * d.scale[sk] * beta; }
  } else {
    var k2 = ctx.constOf(name);
    if (!k2 || !D.isFloat(k2.dtype) || (k2.data.length !== 1 && k2.data.length !== count)) return false;
    for (var c = 0; c < count; c++) vals[c] = k2.data[k2.data.length > 1 ? c : 0] * beta;
  }
  return ctx.addConst(name + '_float', D.FLOAT, [count], vals);
}
