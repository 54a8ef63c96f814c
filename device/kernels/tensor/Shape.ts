import { Node } from '../contract';
import { Meta, Infer } from '../infer';
import { INT32 } from '../../dtype';

export var meta: Meta = { op: 'Shape', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

function range(rank: number, attrs: any): number[] {
  var clamp = function (v: number) { v = v < 0 ? v + rank : v; return v < 0 ? 0 : v > rank ? rank : v; };
  var s = attrs.start === undefined ? 0 : clamp(attrs.start);
  var e = attrs.end === undefined ? rank : clamp(attrs.end);
  return [s, e > s ? e : s];
}

// Shapes are static, so Shape always folds to a constant.
export var infer: Infer = function (node) {
  var shape = node.inputs[0]!.shape;
  var r = range(shape.length, node.attrs);
  var dims = shape.slice(r[0], r[1]);
  return [{ dtype: INT32, shape: [dims.length], data: new Int32Array(dims) }];
};

export function prepare(node: Node) {
  var shape = node.inputs[0]!.shape, r = range(shape.length, node.attrs), y = node.outputs[0].data;
  return function () { for (var i = r[0]; i < r[1]; i++) y[i - r[0]] = shape[i]; };
}
