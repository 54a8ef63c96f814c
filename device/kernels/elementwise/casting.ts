// Cast and CastLike: numeric conversions between the runtime's storage types.
import { Attrs, Node, fail } from '../contract';
import { ValueType } from '../infer';
import { ARRAY_OF, BOOL, DTYPE_NAME, STRING } from '../../dtype';
import { isRoundMode, narrowRounder } from './narrow';

export function castType(x: ValueType, to: number, attrs: Attrs): ValueType[] {
  if (to === STRING || x.dtype === STRING) fail('casting to or from string is not supported');
  if (typeof to !== 'number') fail('attribute \'to\' (the element type) is missing');
  if (!ARRAY_OF[to]) fail('casting to element type ' + (DTYPE_NAME[to] || to) + ' is not supported');
  castRoundMode(attrs);
  return [{ dtype: to, shape: x.shape.slice() }];
}

// round_mode (opset 24+, float8e8m0 only): 'up' unless given.
function castRoundMode(attrs: Attrs): string {
  var mode = attrs.round_mode === undefined ? 'up' : attrs.round_mode;
  if (!isRoundMode(mode)) fail("round_mode must be 'up', 'nearest' or 'down', not '" + mode + "'");
  return mode;
}

// Typed-array stores do the conversions between the plain types: float to int truncates toward
// zero (NaN gives 0, out of range wraps), float64 to float32 rounds to nearest even. Bool needs
// its own loop (non-zero, NaN: 1); the reduced-precision types (float16, bfloat16, float8,
// float4, int4, int2) round or wrap per element (util/elementwise-narrow.ts) unless the input
// already has the same type. saturate (opset 19+, float8 only) defaults to true.
export function castPrepare(node: Node) {
  var X = node.inputs[0]!, Y = node.outputs[0], x = X.data, y = Y.data, n = y.length;
  if (Y.dtype === BOOL && X.dtype !== BOOL)
    return function () { for (var i = 0; i < n; i++) y[i] = x[i] !== 0 ? 1 : 0; };
  var round = X.dtype === Y.dtype ? null :
    narrowRounder(Y.dtype, node.attrs.saturate === undefined || node.attrs.saturate !== 0, castRoundMode(node.attrs));
  if (round) {
    var r = round;
    return function () { for (var i = 0; i < n; i++) y[i] = r(x[i]); };
  }
  return function () { if (x !== y) y.set(x); };
}
