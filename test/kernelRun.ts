// Runs one kernel in-process the way the converter and runtime do: infer on the input types
// (constant inputs with their data), prepare, then eval twice (eval must be repeatable).
import * as D from '../device/dtype';
import { Prepare } from '../device/kernels/contract';
import { Infer } from '../device/kernels/infer';

export type In = { dtype?: number; shape: number[]; data: number[]; konst?: boolean } | null;
export type KernelSet = { [op: string]: { infer: Infer; prepare: Prepare } };

export function kernelRunner(kernels: KernelSet) {
  return function run(op: string, opset: number, inputs: In[], attrs: any = {}, numOutputs = 1) {
    var k = kernels[op];
    var ins = inputs.map(t => t && { dtype: t.dtype || D.FLOAT, shape: t.shape, data: new (D.ARRAY_OF[t.dtype || D.FLOAT]!)(t.data), quant: null });
    var types = ins.map((t, i) => t && (inputs[i]!.konst ? t : { dtype: t.dtype, shape: t.shape }));
    var outT = k.infer({ op, name: 'n', opset, inputs: types, attrs, numOutputs, graphs: {} });
    var outs = outT.map(t => ({ dtype: t.dtype, shape: t.shape, data: new (D.ARRAY_OF[t.dtype]!)(D.sizeOf(t.shape)), quant: null }));
    var ev = k.prepare({ op, name: 'n', opset, inputs: ins, outputs: outs, attrs, graphs: {} });
    ev(); ev();
    return outs.map(o => ({ shape: o.shape, data: Array.from(o.data) }));
  };
}
