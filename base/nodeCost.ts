// Per-node work and memory of a built model (model.tnx): multiply-adds, constant (weight) bytes
// read, activation bytes written. Read by `tinyonnx profile` and `tinyonnx inspect`.
import { ModelView, NodeView, GraphView } from '../device/reader';
import * as D from '../device/dtype';

export interface NodeCost { name: string; op: string; macs: number; weightBytes: number; activationBytes: number }

var KIND_CONSTANT = 1;   // TensorView.kind of a constant (see inspect's parameter count)

function bytesOf(m: ModelView, i: number) { var t = m.tensors[i]; return D.sizeOf(t.shape) * D.bytesPer(t.dtype); }

// Multiply-adds of the ops that do matrix products; 0 for the rest (element-wise work is
// counted in bytes, not MACs).
export function macsOf(m: ModelView, n: NodeView): number {
  var op = m.ops[n.op].op, shape = (k: number) => (n.inputs[k] >= 0 ? m.tensors[n.inputs[k]].shape : []);
  var out = n.outputs[0] >= 0 ? m.tensors[n.outputs[0]].shape : [], outSize = D.sizeOf(out);
  if (op === 'Conv' || op === 'QConv' || op === 'DynQConv' || op === 'WConv' || op === 'ConvInteger') {
    var w = shape(1);
    return outSize * D.sizeOf(w.slice(1));              // each output: Cin/group × kernel taps
  }
  if (op === 'ConvTranspose') {
    var wt = shape(1);
    return D.sizeOf(shape(0)) * D.sizeOf(wt.slice(1));  // each input: Mout/group × kernel taps
  }
  if (op === 'Gemm' || op === 'QGemm') {
    var a = shape(0), tA = n.attrs.transA === 1;
    return outSize * (tA ? a[0] : a[1]);
  }
  if (op === 'MatMul' || op === 'QMatMul' || op === 'DynQMatMul' || op === 'WMatMul' || op === 'MatMulInteger') {
    var x = shape(0);
    return outSize * (x.length ? x[x.length - 1] : 1);
  }
  return 0;
}

export function nodeCosts(m: ModelView): NodeCost[] {
  var r: NodeCost[] = [];
  var walk = (g: GraphView) => {
    for (var n of g.nodes) {
      // subgraphs first, as the runtime prepares them (graph lists are not prepared there)
      for (var s in n.graphs) { var gs = n.graphs[s]; if (!Array.isArray(gs)) walk(gs); }
      var wb = 0, ab = 0;
      for (var i of n.inputs) if (i >= 0 && m.tensors[i].kind === KIND_CONSTANT) wb += bytesOf(m, i);
      for (var o of n.outputs) if (o >= 0) ab += bytesOf(m, o);
      var opc = m.ops[n.op];
      r.push({ name: n.name, op: (opc.domain ? opc.domain + ':' : '') + opc.op, macs: macsOf(m, n), weightBytes: wb, activationBytes: ab });
    }
  };
  walk(m.graph);
  return r;
}
