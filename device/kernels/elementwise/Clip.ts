import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { isFloat } from '../../dtype';

export var meta: Meta = { op: 'Clip', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32'] };
export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  return [{ dtype: x.dtype, shape: x.shape.slice() }];
};

// Before opset 11 the bounds are attributes (opset 6-10 default to +-FLT_MAX); since then they
// are optional scalar inputs, read at every run so they need not be constants. With min > max
// every value becomes max.
export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data, n = y.length;
  var FLT_MAX = 3.4028234663852886e38;
  var lo = -Infinity, hi = Infinity;
  if (node.opset < 11) {
    var fl = isFloat(node.outputs[0].dtype) && node.opset >= 6;
    lo = node.attrs.min !== undefined ? node.attrs.min : fl ? -FLT_MAX : -Infinity;
    hi = node.attrs.max !== undefined ? node.attrs.max : fl ? FLT_MAX : Infinity;
  }
  var mn = node.inputs[1] ? node.inputs[1]!.data : null;
  var mx = node.inputs[2] ? node.inputs[2]!.data : null;
  return function () {
    var a = mn ? mn[0] : lo, b = mx ? mx[0] : hi;
    for (var i = 0; i < n; i++) {
      var v = x[i];
      if (v < a) v = a;
      y[i] = v > b ? b : v;
    }
  };
}
