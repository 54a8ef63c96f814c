import { Node, fail, constInput } from '../contract';
import { Meta, Infer } from '../infer';
import { sameShape } from '../shape';
import { INT32, BOOL, sizeOf } from '../../dtype';

export var meta: Meta = { op: 'Loop', domain: '', since: 1, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

// Inputs: M (max trip count, optional), cond (optional), carried values. Body: (iter, cond, carried…)
// → (cond, carried…, scan outputs…). Carried values keep one shape; scan outputs stack per
// iteration, so they need M known at build time and the loop must run all M iterations.
export var infer: Infer = function (node) {
  var carried = node.inputs.slice(2);
  var body = node.graphs.body([{ dtype: INT32, shape: [] }, { dtype: BOOL, shape: [] }].concat(carried as any));
  var nScan = body.length - 1 - carried.length;
  var out = [];
  for (var i = 0; i < carried.length; i++) {
    var b = body[1 + i], c = carried[i]!;
    if (!sameShape(b.shape, c.shape)) fail('loop-carried value ' + i + ' changes shape from [' + c.shape + '] to [' + b.shape + ']; not supported');
    out.push({ dtype: c.dtype, shape: c.shape });
  }
  if (nScan > 0) {
    var M = constInput(node, 0, 'the trip count M (needed for scan outputs)');
    if (!M) fail('scan outputs need a trip count M');
    for (var j = 0; j < nScan; j++) out.push({ dtype: body[1 + carried.length + j].dtype, shape: [M![0]].concat(body[1 + carried.length + j].shape) });
  }
  return out;
};

export function prepare(node: Node) {
  var body = node.graphs.body, M = node.inputs[0], C = node.inputs[1];
  var nCarried = node.inputs.length - 2, nScan = node.outputs.length - nCarried;
  var bin = body.inputs, bout = body.outputs, outs = node.outputs;
  var scanSize: number[] = [];
  for (var j = 0; j < nScan; j++) scanSize.push(sizeOf(bout[1 + nCarried + j].shape));
  return function () {
    var max = M ? M.data[0] : 2147483647, cond = C ? C.data[0] : 1;
    for (var i = 0; i < nCarried; i++) bin[2 + i].data.set(node.inputs[2 + i]!.data);
    var it = 0;
    for (; it < max && cond; it++) {
      bin[0].data[0] = it;
      bin[1].data[0] = cond;
      body.run();
      cond = bout[0].data[0];
      for (var i = 0; i < nCarried; i++) bin[2 + i].data.set(bout[1 + i].data);
      for (var j = 0; j < nScan; j++) outs[nCarried + j].data.set(bout[1 + nCarried + j].data, it * scanSize[j]);
    }
    if (nScan > 0 && it < max) throw new Error('Loop ended after ' + it + ' of ' + max + ' iterations; scan outputs of a static runtime need all of them');
    for (var i = 0; i < nCarried; i++) outs[i].data.set(bin[2 + i].data);
  };
}
