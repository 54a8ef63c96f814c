// tinyonnx.int8:QMul — y = clamp(y_zp + roundHalfEven((a - a_zp) * (b - b_zp) * multiplier / 2^shift),
// act_min, act_max), with numpy broadcasting; multiplier / 2^shift ~= a_scale * b_scale / y_scale
// (util/int8-requant.ts). A fused Relu/Clip narrows act_min/act_max.
import { Meta, Infer, Node, fail } from '../kernel';
import { binary, inferBroadcast } from '../util/broadcast';
import { rqParams, rqRound, actRange, outDtype, isInt8Type, intList, INT8_DOMAIN } from '../util/int8-requant';

export var meta: Meta = { op: 'QMul', domain: INT8_DOMAIN, since: 1, dtypes: ['int8', 'uint8'] };

var same = inferBroadcast();
export var infer: Infer = function (node) {
  var a = node.inputs[0]!, b = node.inputs[1]!;
  if (!isInt8Type(a.dtype) || !isInt8Type(b.dtype)) fail('a and b must be int8 or uint8');
  var t = same({ op: node.op, name: node.name, opset: node.opset, attrs: {}, numOutputs: 1, graphs: {},
    inputs: [{ dtype: 3, shape: a.shape }, { dtype: 3, shape: b.shape }] })[0];
  return [{ dtype: outDtype(node.attrs), shape: t.shape }];
};

export function prepare(node: Node) {
  var a = node.attrs, Y = node.outputs[0];
  var rq = rqParams(intList(a.multiplier, 0), intList(a.shift, 31), 'multiplier'), mh = rq.mh[0], ml = rq.ml[0], two = rq.two[0], inv = rq.inv[0], half = rq.half[0];
  var za = a.a_zero_point | 0, zb = a.b_zero_point | 0, yz = a.y_zero_point | 0, range = actRange(a, Y.dtype), lo = range[0], hi = range[1];
  return binary(function (u, v) {
    var q = rqRound((u - za) * (v - zb), mh, ml, two, inv, half) + yz;
    return q < lo ? lo : q > hi ? hi : q;
  })(node);
}
