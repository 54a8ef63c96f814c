// tinyonnx.int8:QAdd — y = clamp(y_zp + roundHalfEven(((a - a_zp) * a_multiplier + (b - b_zp) * b_multiplier) / 2^shift),
// act_min, act_max), with numpy broadcasting. a_multiplier / 2^shift ~= a_scale / y_scale (and
// likewise for b), one shared shift <= 52 chosen at build time so both multipliers have up to
// 31 bits. The sum is an exact integer below 2^40, so the rounding is exact in doubles; each
// operand's contribution comes from a 256-entry table built once at load. A fused Relu/Clip
// narrows act_min/act_max.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { binary } from '../elementwise/broadcast';
import { actRange, outDtype, isInt8Type, tableOffset } from './requant';
import { INT8_DOMAIN } from './domain';
import { inferInt8Binary } from './binary';

export var meta: Meta = { op: 'QAdd', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer = inferInt8Binary;

function table(dtype: number, zp: number, m: number): Float64Array {
  var t = new Float64Array(256), off = tableOffset(dtype);
  for (var i = 0; i < 256; i++) t[i] = (i - off - zp) * m;
  return t;
}

export function prepare(node: Node) {
  var a = node.attrs, A = node.inputs[0]!, B = node.inputs[1]!, Y = node.outputs[0];
  var s = a.shift | 0;
  if (s < 0 || s > 52) fail('shift must be in [0, 52]');
  var two = 1;
  for (var i = 0; i < s; i++) two *= 2;
  var inv = 1 / two, half = two / 2, yz = a.y_zero_point | 0, range = actRange(a, Y.dtype), lo = range[0], hi = range[1];
  var ta = table(A.dtype, a.a_zero_point | 0, a.a_multiplier), tb = table(B.dtype, a.b_zero_point | 0, a.b_multiplier);
  var oa = tableOffset(A.dtype), ob = tableOffset(B.dtype);
  return binary(function (u, v) {
    var S = ta[u + oa] + tb[v + ob], f = Math.floor(S * inv), r = S - f * two;
    if (r > half || (r === half && f % 2 !== 0)) f += 1;
    f += yz;
    return f < lo ? lo : f > hi ? hi : f;
  })(node);
}
