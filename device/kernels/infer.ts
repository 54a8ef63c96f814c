// The build contract: what a kernel file tells the converter. `meta` says which op, opsets and
// element types it covers; `infer` gives output types (and, where shapes alone decide them,
// values). Used only at build time; the device contract is contract.ts.
import { TypedArray } from '../dtype';
import { Attrs } from './contract';

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
