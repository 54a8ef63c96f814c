import { Node, fail, constInput } from '../contract';
import { Meta, Infer } from '../infer';
import { BOOL } from '../../dtype';

export var meta: Meta = { op: 'Dropout', domain: '', since: 1, dtypes: ['float32', 'float64'] };

// Inference only: output = input, mask all ones (bool since opset 10, X's type before).
// Training mode (opset 12+, input 2) with a non-zero ratio would be random: refused.
export var infer: Infer = function (node) {
  var x = node.inputs[0]!;
  var training = node.opset >= 12 ? constInput(node, 2, 'training_mode') : null;
  if (training && training[0]) {
    var r = node.inputs[1] ? constInput(node, 1, 'ratio') : null;
    var ratio = r ? r[0] : 0.5;
    if (ratio !== 0) fail('training_mode is true: dropout would be random; tinyonnx runs inference only');
  }
  var out = [{ dtype: x.dtype, shape: x.shape.slice() }];
  if (node.numOutputs > 1) out.push({ dtype: node.opset >= 10 ? BOOL : x.dtype, shape: x.shape.slice() });
  return out;
};

export function prepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  var m = node.outputs[1] ? node.outputs[1].data : null, n = y.length;
  return function () {
    if (x !== y) y.set(x);
    if (m) for (var i = 0; i < n; i++) m[i] = 1;
  };
}
