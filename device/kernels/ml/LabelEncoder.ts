// Maps each X entry through keys -> values, or to the default when it is no key. Keys and values
// are numbers or strings: keys_strings / keys_int64s / keys_floats / keys_tensor with
// values_strings / values_int64s / values_floats / values_tensor (opset 2+; opset 4 adds the
// tensors and default_tensor). Strings are plain JS strings (format/dtype.ts); string keys are
// found through an object keyed by '$' + key, numeric keys by binary search. Opset 1
// (classes_strings) is not supported.
import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { makeLookup, lookup } from './lookup';
import { FLOAT, DOUBLE, INT32, STRING, DTYPE_NAME } from '../../dtype';

export var meta: Meta = { op: 'LabelEncoder', domain: 'ai.onnx.ml', since: 1, dtypes: ['float32', 'float64', 'int32', 'int16', 'string'] };

function table(attrs: any, opset: number) {
  var a = attrs;
  if (opset < 2) fail('LabelEncoder opset 1 (classes_strings) is not supported; use opset 2 or later');
  var kt = opset >= 4 ? a.keys_tensor : undefined, vt = opset >= 4 ? a.values_tensor : undefined;
  var keys: ArrayLike<any> = kt ? kt.data : a.keys_strings || a.keys_int64s || a.keys_floats || [];
  var kType = kt ? kt.dtype : a.keys_strings ? STRING : a.keys_int64s ? INT32 : FLOAT;
  var vals: ArrayLike<any> = vt ? vt.data : a.values_strings || a.values_int64s || a.values_floats || [];
  var vType = vt ? vt.dtype : a.values_strings ? STRING : a.values_int64s ? INT32 : FLOAT;
  if (!keys.length || keys.length !== vals.length) fail('keys and values must be given and have the same length');
  var def = opset >= 4 && a.default_tensor ? a.default_tensor.data[0] :
    vType === STRING ? (a.default_string === undefined ? '_Unused' : a.default_string) :
    vType === FLOAT || vType === DOUBLE ? (a.default_float === undefined ? -0 : a.default_float) :
    (a.default_int64 === undefined ? -1 : a.default_int64);
  return { keys: keys, kType: kType, vals: vals, vType: vType, def: def };
}

function kind(dtype: number) { return dtype === STRING ? 2 : dtype === FLOAT || dtype === DOUBLE ? 1 : 0; }

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, t = table(node.attrs, node.opset);
  if (kind(x.dtype) !== kind(t.kType)) fail('X is ' + DTYPE_NAME[x.dtype] + ' but the keys are ' + DTYPE_NAME[t.kType]);
  return [{ dtype: t.vType, shape: x.shape.slice() }];
};

export function prepare(node: Node) {
  var x: ArrayLike<any> = node.inputs[0]!.data, y: any = node.outputs[0].data, n = x.length;
  var t = table(node.attrs, node.opset), def = t.def, i: number;
  var vals: any = t.vType === STRING ? [] : new Float64Array(t.vals.length);
  for (i = 0; i < t.vals.length; i++) vals[i] = t.vals[i];
  if (t.kType === STRING) {
    var d: { [k: string]: number } = {};
    for (i = 0; i < t.keys.length; i++) d['$' + t.keys[i]] = i;   // a repeated key keeps its last position
    return function () {
      for (var i = 0; i < n; i++) {
        var j = d['$' + x[i]];
        y[i] = j === undefined ? def : vals[j];
      }
    };
  }
  var L = makeLookup(t.keys);
  return function () {
    for (var i = 0; i < n; i++) {
      var j = lookup(L, x[i]);
      y[i] = j >= 0 ? vals[j] : def;
    }
  };
}
