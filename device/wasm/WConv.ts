// tinyonnx.int8:WConv (--quantize dynamic) on the wasm core: the int8 weights (less their zero
// point) are widened to float32 in wasm memory once at load, so the product runs in the float
// gemm; then y = scale[m] * conv + bias[m] in JS, in the JS kernel's order. Unlike the JS kernel,
// this keeps a float32 copy of the weights in RAM (4x their int8 bytes): node and webview only.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/int8/WConv';
import { perChannel } from '../kernels/int8/requant';
import { convOnCore } from './Conv';

export function prepare(node: Node) {
  var Wt = node.inputs[1]!, B = node.inputs[2], a = node.attrs, w: any = Wt.data, M = Wt.shape[0];
  if (a.w_zero_point) {
    var z: number[] = a.w_zero_point, K0 = w.length / M, wf = new Float32Array(w.length);
    for (var i = 0; i < w.length; i++) wf[i] = w[i] - z[z.length > 1 ? Math.floor(i / K0) : 0];
    w = wf;
  }
  var core = convOnCore(node, w, null);
  if (!core) return jsPrepare(node);
  var run = core.run, out = core.out, y = node.outputs[0].data, bias = B ? B.data : null;
  var scale: number[] = a.scale, per = perChannel(scale, M, 'scale'), NB = node.inputs[0]!.shape[0], P = y.length / (NB * M);
  return function () {
    run();
    var o = out();
    for (var n = 0, i = 0; n < NB; n++) for (var m = 0; m < M; m++) {
      var s = scale[per ? m : 0], b = bias ? bias[m] : 0;
      for (var p = 0; p < P; p++, i++) y[i] = o[i] * s + b;
    }
  };
}
