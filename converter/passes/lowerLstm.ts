// For engines that view at most `maxBytes` of an ArrayBuffer (Espruino): a one-step LSTM whose W
// or R is bigger (silero_vad_v5's are 256 KB each) becomes the cell's equations in plain ops,
// one Gemm (transB: the weight rows as they are) per gate and weight, which splitWide then cuts
// to size:
//   z_k = X·W_kᵀ + H0·R_kᵀ + (Wb_k + Rb_k)   k = i, o, f, c (ONNX's gate order)
//   C = σ(z_f)⊙C0 + σ(z_i)⊙tanh(z_c),  H = σ(z_o)⊙tanh(C)
// Only the plain case is lowered (one step, one direction, default activations, no peepholes,
// clip or coupled gates); others stay LSTM for targets/espruinoFit.ts to report. Gates round to
// float32 between ops where the LSTM kernel keeps doubles: results move by float32 rounding.
import { Graph, Model, Node, Value } from '../ir';
import * as D from '../../device/dtype';

function plainStep(node: Node, g: Graph): boolean {
  var a = node.attrs, val = (k: string) => (a[k] ? a[k].value : undefined);
  var acts = val('activations') as string[] | undefined;
  if (val('clip') !== undefined || (val('input_forget') || 0) !== 0 || (val('layout') || 0) !== 0) return false;
  if (val('direction') === 'bidirectional') return false;
  if (acts && acts.join() !== 'Sigmoid,Tanh,Tanh') return false;
  if (node.inputs[4] || node.inputs[7]) return false;   // sequence_lens, peepholes
  var x = g.values.get(node.inputs[0]);
  if (!x || !x.shape || x.shape[0] !== 1 || x.dtype !== D.FLOAT) return false;
  for (var i of [1, 2, 3]) { var c = node.inputs[i] ? g.values.get(node.inputs[i]) : null; if (node.inputs[i] && !(c && c.data)) return false; }
  return true;
}

function tooWide(node: Node, g: Graph, maxBytes: number): boolean {
  return [1, 2].some(i => { var v = g.values.get(node.inputs[i]); return !!v && !!v.data && v.data.length * 4 > maxBytes; });
}

function lower(node: Node, g: Graph): Node[] {
  var W = g.values.get(node.inputs[1])!, R = g.values.get(node.inputs[2])!, Bv = node.inputs[3] ? g.values.get(node.inputs[3])! : null;
  var H = node.attrs.hidden_size.value as number, I = (W.shape as number[])[2];
  var x = g.values.get(node.inputs[0])!, batch = (x.shape as number[])[1], h0 = node.inputs[5], c0 = node.inputs[6];
  var nodes: Node[] = [], base = node.name, seq = 0;
  var value = (name: string, shape: number[], data?: Float32Array | Int32Array, dtype = D.FLOAT) => {
    var v: Value = { name, dtype, shape };
    if (data) v.data = data;
    g.values.set(name, v);
    return name;
  };
  var op = (type: string, inputs: string[], out?: string) => {
    var o = out || value(base + '/' + type.toLowerCase() + seq, [1, batch, H]);
    nodes.push({ name: base + '/' + type + seq++, op: type, domain: '', inputs, outputs: [o], attrs: {} });
    return o;
  };
  // W_k / R_k: rows k·H .. (k+1)·H of a [1, 4H, n] weight, as they are ([H, n]): Gemm reads them
  // with transB, so each output is a dot of two contiguous rows (Espruino's native E.convolve,
  // device/kernels/nn/nativeDot.ts)
  var gate = (M: Value, k: number, n: number, tag: string) =>
    value(M.name + '/' + tag, [H, n], (M.data as Float32Array).slice(k * H * n, (k + 1) * H * n));
  var flat = (v: string, n: number, tag: string) => {
    var shape = value(base + '/' + tag + '_shape', [2], new Int32Array([batch, n]), D.INT32), o = value(base + '/' + tag + '2d', [batch, n]);
    nodes.push({ name: base + '/Reshape_' + tag, op: 'Reshape', domain: '', inputs: [v, shape], outputs: [o], attrs: {} });
    return o;
  };
  var gemm = (a: string, w: string) => {
    var o = value(base + '/gemm' + seq, [batch, H]);
    nodes.push({ name: base + '/Gemm' + seq++, op: 'Gemm', domain: '', inputs: [a, w], outputs: [o], attrs: { transB: { type: 'int', value: 1 } } });
    return o;
  };
  var x2 = flat(node.inputs[0], I, 'X'), h2 = h0 ? flat(h0, H, 'H0') : '';
  var z: string[] = [];
  for (var k = 0; k < 4; k++) {
    var s = gemm(x2, gate(W, k, I, 'W' + k));
    if (h0) s = op('Add', [s, gemm(h2, gate(R, k, H, 'R' + k))]);
    if (Bv) {
      var b = new Float32Array(H), bd = Bv.data!;
      for (var j = 0; j < H; j++) b[j] = bd[k * H + j] + bd[4 * H + k * H + j];
      s = op('Add', [s, value(Bv.name + '/b' + k, [H], b)]);
    }
    z.push(s);
  }
  var gi = op('Sigmoid', [z[0]]), go = op('Sigmoid', [z[1]]), gf = op('Sigmoid', [z[2]]), gc = op('Tanh', [z[3]]);
  var Yc = node.outputs[2] || undefined, Yh = node.outputs[1] || undefined;
  var c = c0 ? op('Add', [op('Mul', [gf, c0]), op('Mul', [gi, gc])], Yc) : op('Mul', [gi, gc], Yc);
  var h = op('Mul', [go, op('Tanh', [c])], Yh);
  if (node.outputs[0]) {
    var shape = value(base + '/Y_shape', [4], new Int32Array([1, 1, batch, H]), D.INT32);
    nodes.push({ name: base + '/Reshape', op: 'Reshape', domain: '', inputs: [h, shape], outputs: [node.outputs[0]], attrs: {} });
  }
  return nodes;
}

export function lowerLstm(model: Model, maxBytes: number) {
  var g = model.graph, nodes: Node[] = [];
  if ((model.opsets[''] || 0) < 5) return;   // Reshape takes its shape as an input from opset 5
  for (var node of g.nodes) {
    if (node.op === 'LSTM' && node.domain === '' && tooWide(node, g, maxBytes) && plainStep(node, g)) nodes.push.apply(nodes, lower(node, g));
    else nodes.push(node);
  }
  g.nodes = nodes;
}
