// The contract between the runtime and a kernel, and between a kernel and the converter.
//
// Every shape is static by the time a kernel runs, so a kernel works in two steps:
//   prepare(node) runs once at load: it reads shapes and attributes, precomputes strides and
//                 tables, and returns eval;
//   eval()        runs every inference: tight loops over the typed arrays captured by prepare,
//                 no allocation.
// A kernel file also exports `infer` (output dtypes/shapes, used only by the converter) and
// `meta`; bundles import only `prepare`, so the rest never ships.
import { TypedArray } from '../format/dtype';

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

// Converter-side view of a value during shape inference.
export interface ValueType {
  dtype: number;
  shape: number[];
  data?: TypedArray;     // present when the value is a known constant
}

export interface InferNode {
  op: string;
  name: string;
  opset: number;
  inputs: (ValueType | null)[];
  attrs: Attrs;
  numOutputs: number;
  graphs: { [attr: string]: any };
}

// An output type; `data` may be given when it follows from shapes alone (Shape, Size).
export type Infer = (node: InferNode) => ValueType[];

export interface Meta {
  op: string;
  domain: string;         // '' for ai.onnx
  since: number;          // first opset version covered
  until?: number;         // last opset version covered (inclusive); open when absent
  dtypes: string[];       // element types the kernel handles
}

// A user mistake found while preparing: the runtime adds node name and op.
export function fail(message: string): never {
  throw new Error(message);
}

// A parameter input (shape, axes, pads, K...) that must be known at build time.
// Returns null when the optional input is omitted.
export function constInput(node: InferNode, i: number, what: string): TypedArray | null {
  var v = node.inputs[i];
  if (!v) return null;
  if (!v.data) {
    var e: any = new Error(what + ' (input ' + i + ') must be a constant at build time');
    e.needsConst = i;
    throw e;
  }
  return v.data;
}
