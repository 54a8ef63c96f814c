// The kernel registry as the converter uses it: which kernel runs a node at the model's opset,
// and running that kernel on the host (constant folding, calibration, the reference interpreter)
// with the same code the device runs.
import { Model, Node, describeNode, plainAttrs } from '../ir';
import { userError } from '../../base/errors';
import { findKernel, hasOp, KernelModule } from '../../base/registry';
import { ValueType } from '../../device/kernels/infer';
import { Tensor, Node as KNode, Subgraph } from '../../device/kernels/contract';
import * as D from '../../device/dtype';

export function opsetFor(model: Model, node: Node): number {
  if (node.opset) return node.opset;   // a node that keeps an opset of its own (inserted Q/DQ on old models)
  var v = model.opsets[node.domain];
  if (v === undefined) {
    if (node.domain === '') return 1;  // IR 3 models may omit the default opset
    userError(`${model.file}: ${describeNode(node)}: domain '${node.domain}' is not in the model's opset imports`);
  }
  return v;
}

export function kernelFor(model: Model, node: Node): KernelModule {
  var opset = opsetFor(model, node);
  var k = findKernel(node.domain, node.op, opset);
  if (!k) {
    var dom = node.domain ? `${node.domain}:` : '';
    if (hasOp(node.domain, node.op))
      userError(`${model.file}: ${describeNode(node)}: opset ${opset} of ${dom}${node.op} is not supported by any kernel`);
    userError(`${model.file}: ${describeNode(node)}: unsupported op ${dom}${node.op} (opset ${opset})`);
  }
  return k;
}

// Runs one kernel on host typed arrays: folding, and the reference interpreter.
export function runNode(k: KernelModule, node: Node, opset: number, inputs: (ValueType | null)[],
                        outTypes: ValueType[], graphs: { [attr: string]: Subgraph }): Tensor[] {
  var ins: (Tensor | null)[] = inputs.map(v => v && v.data ? { dtype: v.dtype, shape: v.shape, data: v.data, quant: null } : null);
  var outs: Tensor[] = outTypes.map(t => ({ dtype: t.dtype, shape: t.shape, data: D.newData(t.dtype, D.sizeOf(t.shape))!, quant: null }));
  var kn: KNode = { op: node.op, name: node.name, opset, inputs: ins, outputs: outs, attrs: plainAttrs(node), graphs };
  k.prepare(kn)();
  return outs;
}
