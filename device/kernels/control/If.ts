import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { sameShape } from '../shape';

export var meta: Meta = { op: 'If', domain: '', since: 1, dtypes: ['bool'] };

// The converter inlines an If whose condition is known at build time; this kernel runs the rest.
// Both branches must give outputs of one static shape, since the arena is planned ahead.
export var infer: Infer = function (node) {
  var a = node.graphs.then_branch([]), b = node.graphs.else_branch([]);
  if (a.length !== b.length) fail('then_branch has ' + a.length + ' outputs, else_branch ' + b.length);
  for (var i = 0; i < a.length; i++) {
    if (a[i].dtype !== b[i].dtype || !sameShape(a[i].shape, b[i].shape))
      fail('output ' + i + ' is [' + a[i].shape + '] in then_branch but [' + b[i].shape + '] in else_branch; a static runtime needs one shape (freeze the condition with --const if it depends on an input)');
  }
  return a.map(function (t: { dtype: number; shape: number[] }) { return { dtype: t.dtype, shape: t.shape }; });
};

export function prepare(node: Node) {
  var cond = node.inputs[0]!.data, then = node.graphs.then_branch, other = node.graphs.else_branch, outs = node.outputs;
  return function () {
    var g = cond[0] ? then : other;
    g.run();
    for (var i = 0; i < outs.length; i++) outs[i].data.set(g.outputs[i].data);
  };
}
