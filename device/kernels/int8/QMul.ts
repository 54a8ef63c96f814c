// tinyonnx.int8:QMul — y = clamp(y_zp + roundHalfEven((a - a_zp) * (b - b_zp) * multiplier / 2^shift),
// act_min, act_max), with numpy broadcasting; multiplier / 2^shift ~= a_scale * b_scale / y_scale
// (util/int8-requant.ts). A fused Relu/Clip narrows act_min/act_max.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { binary } from '../elementwise/broadcast';
import { rqParams, rqRound, actRange, outDtype, isInt8Type, intList } from './requant';
import { INT8_DOMAIN } from './domain';
import { inferInt8Binary } from './binary';

export var meta: Meta = { op: 'QMul', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

export var infer = inferInt8Binary;

export function prepare(node: Node) {
  var a = node.attrs, Y = node.outputs[0];
  var rq = rqParams(intList(a.multiplier, 0), intList(a.shift, 31), 'multiplier'), mh = rq.mh[0], ml = rq.ml[0], two = rq.two[0], inv = rq.inv[0], half = rq.half[0];
  var za = a.a_zero_point | 0, zb = a.b_zero_point | 0, yz = a.y_zero_point | 0, range = actRange(a, Y.dtype), lo = range[0], hi = range[1];
  return binary(function (u, v) {
    var q = rqRound((u - za) * (v - zb), mh, ml, two, inv, half) + yz;
    return q < lo ? lo : q > hi ? hi : q;
  })(node);
}
