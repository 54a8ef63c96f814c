import { Node } from '../contract';
import { Meta } from '../infer';
import { inferSame } from '../elementwise/unary';
import { reducePlan } from './reducePlan';
import { normAxis } from '../shape';

export var meta: Meta = { op: 'MeanVarianceNormalization', domain: '', since: 9, dtypes: ['float32', 'float64'] };
export var infer = inferSame;

// (x - mean) / (sqrt(E[x^2] - mean^2) + 1e-9) over `axes` (default [0, 2, 3]), as the spec's
// function body computes it.
export function prepare(node: Node) {
  var X = node.inputs[0]!, x = X.data, y = node.outputs[0].data, rank = X.shape.length;
  var axes: number[] = node.attrs.axes || [0, 2, 3], mask: boolean[] = [];
  for (var d = 0; d < rank; d++) mask.push(false);
  for (var i = 0; i < axes.length; i++) mask[normAxis(axes[i], rank)] = true;
  var p = reducePlan(X.shape, mask), O = p.O, R = p.R, inner = p.inner, outOff = p.outOff, redOff = p.redOff;
  return function () {
    for (var o = 0; o < O; o++) {
      var b = outOff ? outOff[o] : ((o / inner) | 0) * R * inner + o % inner, s = 0, q = 0, r, k, v;
      for (r = 0; r < R; r++) { v = x[redOff ? b + redOff[r] : b + r * inner]; s += v; q += v * v; }
      s /= R;
      var vr = q / R - s * s;
      var inv = 1 / (Math.sqrt(vr > 0 ? vr : 0) + 1e-9);
      for (r = 0; r < R; r++) { k = redOff ? b + redOff[r] : b + r * inner; y[k] = (x[k] - s) * inv; }
    }
  };
}
