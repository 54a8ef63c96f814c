// Y[..., j] = 1 where X[...] equals cats_int64s[j], else 0 (float32, shape X.shape + [cats]).
// Numeric categories only; cats_strings is not supported. A value in no category gives a row of
// zeros (with zeros=0 onnxruntime reports an error instead; a device cannot, so it is the same).
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { makeLookup, lookup } from './lookup';
import { FLOAT, DOUBLE, INT32, DTYPE_NAME } from '../../dtype';
import { checkFeatures } from './features';

export var meta: Meta = { op: 'OneHotEncoder', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32'] };

function cats(attrs: any): number[] {
  if (attrs.cats_strings && attrs.cats_strings.length) fail('string categories (cats_strings) are not supported');
  var c: number[] = attrs.cats_int64s || [];
  if (!c.length) fail('cats_int64s must be given');
  return c;
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  checkFeatures(x.dtype);
  return [{ dtype: FLOAT, shape: x.shape.concat([cats(node.attrs).length]) }];
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data, n = x.length;
  var c = cats(node.attrs), K = c.length, L = makeLookup(c);
  return function () {
    for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var i = 0; i < n; i++) {
      var j = lookup(L, x[i]);
      if (j >= 0) y[i * K + j] = 1;
    }
  };
}
