import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { NodeLike, paramInput } from './common';

export var meta: Meta = { op: 'Range', domain: '', since: 11, dtypes: ['float32', 'float64', 'int32', 'int16'] };

// The length depends on the values, so all three inputs must be build-time constants.
function plan(node: NodeLike) {
  var s = paramInput(node, 0, 'start')![0], l = paramInput(node, 1, 'limit')![0], d = paramInput(node, 2, 'delta')![0];
  var n = Math.ceil((l - s) / d);
  return { start: s, delta: d, n: n > 0 && isFinite(n) ? n : 0 };
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: [plan(node).n] }];
};

export function prepare(node: Node) {
  var p = plan(node), y = node.outputs[0].data, n = p.n, s = p.start, d = p.delta;
  return function () { for (var i = 0; i < n; i++) y[i] = s + i * d; };
}
