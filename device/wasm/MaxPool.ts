// MaxPool on the wasm core ("maxpool_f32", targets/wasm/poolWat.ts) for float32 2-D windows that
// stay inside the input (no pads, dilation 1; the common case) and no Indices output: x copied
// into wasm memory, the maxima computed there in the JS kernel's order, y copied out. Other
// cases (and other dtypes) run the JS kernel.
import { Node } from '../kernels/contract';
import { prepare as jsPrepare } from '../kernels/nn/MaxPool';
import { poolGeom } from '../kernels/nn/pooling';
import { core, place, region, open, has } from './core';

export function prepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], sp = core();
  if (!sp || !has('maxpool_f32') || X.dtype !== 1 || node.outputs.length > 1 || !X.data.length || !Y.data.length) return jsPrepare(node);
  var g = poolGeom(X.shape, node.attrs), H = g.inS[1], W = g.inS[2], OH = g.outS[1], OW = g.outS[2];
  for (var a = 0; a < 3; a++) if (g.pb[a] || g.pe[a] || g.d[a] !== 1) return jsPrepare(node);
  if (g.inS[0] !== 1 || g.outS[0] !== 1 || (OH - 1) * g.s[1] + g.k[1] > H || (OW - 1) * g.s[2] + g.k[2] > W) return jsPrepare(node);
  var P = X.shape[0] * X.shape[1], KH = g.k[1], KW = g.k[2], sh = g.s[1], sw = g.s[2];
  var px = place(sp, null, X.data.length), py = place(sp, null, Y.data.length), out = region(sp, py, Y.data.length);
  var s = sp, x = X.data as Float32Array, y = Y.data as Float32Array;
  return function () {
    var w = open(s);
    s.heap!.set(x, px >> 2);
    w.maxpool_f32(px, py, P, H, W, OH, OW, KH, KW, sh, sw);
    y.set(out());
  };
}
