// --quantize dynamic: each Conv, Gemm (transA 0) and MatMul with constant 2-D weights becomes
// onnxruntime's quantize_dynamic form, which --emit-qdq writes and fuseQdq (qdq/dynamic.ts)
// turns into one DynQConv / DynQMatMul kernel:
//   x → DynamicQuantizeLinear → (xq uint8, x_scale, x_zero_point)
//   ConvInteger(xq, w int8, x_zero_point) | MatMulInteger(xq, w int8 [K, N], x_zero_point)
//   → Cast(float) → Mul(Mul(x_scale, w_scale)) [→ Add(bias)] → the original output
// Weights: symmetric int8 per output channel (weights.ts); the activations that follow stay
// float ops in this form (the kernels fuse them). Activations are quantized per tensor at run
// time from their own range: no calibration.
import { Model, Node } from '../../ir';
import { Namer } from '../../graph/names';
import { staticShape } from '../../graph/shapes';
import { GraphIndex, constData } from '../../graph/uses';
import { quantizeWeight } from './weights';
import { noteQuant } from './annotate';
import * as D from '../../../device/dtype';

// The opset DynamicQuantizeLinear needs; the new nodes of an older model carry it (Node.opset).
export var DYNAMIC_OPSET = 11;

export function insertDynamic(model: Model, names?: Namer) {
  var g = model.graph, index = new GraphIndex(g), namer = names || new Namer(g), out: Node[] = [];
  var old = (model.opsets[''] || 1) < DYNAMIC_OPSET;
  var cst = (n: string) => constData(g, index, n);
  var add = (base: string, dtype: number, shape: number[], data?: D.TypedArray) => {
    var name = namer.fresh(base);
    g.values.set(name, data ? { name, dtype, shape, data } : { name, dtype, shape });
    return name;
  };
  // the integer product keeps the float node's name (the fused kernel's, in profiles and errors)
  var node = (op: string, inputs: string[], outputs: string[], attrs: Node['attrs'] = {}, name?: string): Node => {
    var r: Node = { name: name || namer.fresh(outputs[0] + '_' + op), op, domain: '', inputs, outputs, attrs };
    if (old && (op === 'DynamicQuantizeLinear' || op === 'ConvInteger' || op === 'MatMulInteger')) r.opset = DYNAMIC_OPSET;
    return r;
  };
  for (var n of g.nodes) {
    var f = n.domain === '' ? target(n) : null;
    if (!f) { out.push(n); continue; }
    var x = n.inputs[0], y = n.outputs[0], yShape = staticShape(g.values.get(y))!, xShape = staticShape(g.values.get(x))!;
    var xq = add(x + '_quantized', D.UINT8, xShape), xs = add(x + '_scale', D.FLOAT, []), xz = add(x + '_zero_point', D.UINT8, []);
    var qw = quantizeWeight(f.w, f.wShape, f.axis);
    var wq = add(n.inputs[1] + '_quantized', D.INT8, f.wShape, qw.data);
    noteQuant(model, wq, { scale: qw.scale, zeroPoint: qw.scale.map(() => 0), axis: f.axis });
    var acc = add(y + '_int32', D.INT32, yShape), accf = add(y + '_cast', D.FLOAT, yShape);
    var ws = add(n.inputs[1] + '_scale', D.FLOAT, f.chShape, new Float32Array(qw.scale.map(s => s * f!.alpha)));
    var sc = add(y + '_scale', D.FLOAT, f.chShape), yv = f.bias ? add(y + '_scaled', D.FLOAT, yShape) : y;
    out.push(node('DynamicQuantizeLinear', [x], [xq, xs, xz]));
    out.push(node(f.conv ? 'ConvInteger' : 'MatMulInteger', [xq, wq, xz], [acc], f.attrs, n.name));
    out.push(node('Cast', [acc], [accf], { to: { type: 'int', value: D.FLOAT } }));
    out.push(node('Mul', [xs, ws], [sc]));
    out.push(node('Mul', [accf, sc], [yv]));
    if (f.bias) out.push(node('Add', [yv, add(n.inputs[2] + '_bias', D.FLOAT, f.chShape, f.bias)], [y]));
  }
  g.nodes = out;

  // What a weighted node becomes: its weights as MatMulInteger/ConvInteger take them, the shape
  // per-channel constants broadcast in ([M, 1, ...] along a conv's channels, [N] along columns),
  // Gemm's alpha (into the scales) and beta (into the bias); null when it stays float.
  function target(n: Node) {
    var w = n.inputs[1] ? cst(n.inputs[1]) : null, b = n.inputs[2] ? cst(n.inputs[2]) : null, a = n.attrs;
    if (!w || w.dtype !== D.FLOAT || cst(n.inputs[0]) || (n.inputs[2] && !b)) return null;
    var xs = staticShape(g.values.get(n.inputs[0])), ys = staticShape(g.values.get(n.outputs[0]));
    if (!xs || !ys || !g.values.get(n.inputs[0]) || g.values.get(n.inputs[0])!.dtype !== D.FLOAT) return null;
    if (n.op === 'Conv' && w.shape.length >= 3) {
      var M = w.shape[0], ones = ys.slice(2).map(() => 1);
      if (b && b.data.length !== M) return null;
      var attrs: Node['attrs'] = {};
      for (var k of ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides']) if (a[k]) attrs[k] = a[k];
      return { conv: true, w: w.data, wShape: w.shape, axis: 0, chShape: [M].concat(ones), alpha: 1, bias: b ? Float32Array.from(b.data) : null, attrs };
    }
    var gemm = n.op === 'Gemm', tb = gemm && !!(a.transB && a.transB.value);
    if ((n.op !== 'MatMul' && !gemm) || w.shape.length !== 2) return null;
    if (gemm && ((a.transA && a.transA.value) || xs.length !== 2)) return null;
    var K = tb ? w.shape[1] : w.shape[0], N = tb ? w.shape[0] : w.shape[1];
    var alpha = gemm && a.alpha ? a.alpha.value : 1, beta = gemm && a.beta ? a.beta.value : 1;
    if (b && !(b.data.length === 1 || (b.data.length === N && b.shape[b.shape.length - 1] === N))) return null;
    var wt = w.data;
    if (tb) { wt = new Float32Array(K * N); for (var i = 0; i < N; i++) for (var j = 0; j < K; j++) wt[j * N + i] = w.data[i * K + j]; }
    var bias: Float32Array | null = null;
    if (b && gemm) { bias = new Float32Array(N); for (var c = 0; c < N; c++) bias[c] = b.data[b.data.length > 1 ? c : 0] * beta; }
    else if (b) return null;
    return { conv: false, w: wt, wShape: [K, N], axis: 1, chShape: [N], alpha, bias, attrs: {} };
  }
}
