// ArgMax (sign 1) and ArgMin (sign -1): index of the first (or, with select_last_index, the
// last) extreme along `axis`. Indices are int64 in ONNX, int32 here.
import { Node } from '../contract';
import { Infer } from '../infer';
import { normAxis } from '../shape';
import { axisPlan } from './axisPlan';
import { INT32 } from '../../dtype';

export var argInfer: Infer = function (node) {
  var shape = node.inputs[0]!.shape, a = normAxis(node.attrs.axis || 0, shape.length);
  var out: number[] = [];
  for (var d = 0; d < shape.length; d++) if (d !== a) out.push(shape[d]); else if (node.attrs.keepdims !== 0) out.push(1);
  return [{ dtype: INT32, shape: out }];
};

export function argPrepare(sign: number) {
  return function (node: Node) {
    var x = node.inputs[0]!.data, y = node.outputs[0].data;
    var p = axisPlan(node.inputs[0]!.shape, node.attrs.axis || 0), outer = p.outer, n = p.n, inner = p.inner;
    var last = node.attrs.select_last_index === 1;
    return function () {
      var o = 0;
      for (var i = 0; i < outer; i++) {
        for (var j = 0; j < inner; j++, o++) {
          var b = i * n * inner + j, best = sign * x[b], k = 0;
          for (var r = 1; r < n; r++) {
            var v = sign * x[b + r * inner];
            if (v > best || (last && v === best)) { best = v; k = r; }
          }
          y[o] = k;
        }
      }
    };
  };
}
