// Cast and CastLike: numeric conversions between the runtime's storage types.
import { Node, ValueType, fail } from '../kernel';
import { ARRAY_OF, BOOL, DTYPE_NAME, STRING } from '../../format/dtype';

export function castType(x: ValueType, to: number): ValueType[] {
  if (to === STRING || x.dtype === STRING) fail('casting to or from string is not supported');
  if (!ARRAY_OF[to]) fail('casting to element type ' + (DTYPE_NAME[to] || to) + ' is not supported');
  return [{ dtype: to, shape: x.shape.slice() }];
}

// Typed-array stores do the conversions: float to int truncates toward zero (NaN gives 0, out
// of range wraps), float64 to float32 rounds. Only bool needs its own loop (non-zero, NaN: 1).
export function castPrepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], x = X.data, y = Y.data, n = y.length;
  if (Y.dtype === BOOL && X.dtype !== BOOL)
    return function () { for (var i = 0; i < n; i++) y[i] = x[i] !== 0 ? 1 : 0; };
  return function () { if (x !== y) y.set(x); };
}
