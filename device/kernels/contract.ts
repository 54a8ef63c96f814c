// The device contract: what the runtime hands a kernel and what a kernel returns. The build
// contract (meta, infer) is in infer.ts; bundles import only `prepare`, so it never ships.
//
// Every shape is static by the time a kernel runs, so a kernel works in two steps:
//   prepare(node) runs once at load: it reads shapes and attributes, precomputes strides and
//                 tables, and returns eval;
//   eval()        runs every inference: tight loops over the typed arrays captured by prepare,
//                 no allocation.
// A kernel file also exports `infer` (output dtypes/shapes, used only by the converter) and
// `meta`; bundles import only `prepare`, so the rest never ships.
import { TypedArray } from '../dtype';

export interface Quant { scale: number[]; zeroPoint: number[]; axis: number }

export interface Tensor {
  dtype: number;
  shape: number[];
  data: TypedArray;      // a view into the arena or the constant data; never reallocated
  quant: Quant | null;
}

export interface Attrs { [name: string]: any }

// Runs a subgraph (If/Loop/Scan bodies): binds inputs, executes, returns the output tensors.
export interface Subgraph {
  inputs: Tensor[];
  outputs: Tensor[];
  run(): void;
}

export interface Node {
  op: string;
  name: string;
  opset: number;
  inputs: (Tensor | null)[];   // null where an optional input is omitted
  outputs: Tensor[];
  attrs: Attrs;
  graphs: { [attr: string]: Subgraph };
}

export type Eval = () => void;
export type Prepare = (node: Node) => Eval;

// Bumped by the runtime as each graph starts a run (the model's, and every subgraph's): two evals
// that read the same value ran in one pass over one graph, no other graph's run between them.
export var graphRuns = [0];

// A user mistake found while preparing: the runtime adds node name and op.
export function fail(message: string): never {
  throw new Error(message);
}

// A parameter input (shape, axes, pads, K...) that must be known at build time: infer reads it
// from the converter's values, prepare from the constant tensor.
// Returns null when the optional input is omitted.
export function constInput(node: { inputs: ({ data?: TypedArray } | null)[] }, i: number, what: string): TypedArray | null {
  var v = node.inputs[i];
  if (!v) return null;
  if (!v.data) {
    var e: any = new Error(what + ' (input ' + i + ') must be a constant at build time');
    e.needsConst = i;
    throw e;
  }
  return v.data;
}
