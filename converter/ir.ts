// The graph IR every pass reads and rewrites. Plain data: values by name, nodes in order.
import { TypedArray } from '../device/dtype';

export type Dim = number | string;   // a string is a symbolic (dynamic) dimension

export interface Value {
  name: string;
  dtype: number;
  shape: Dim[] | null;   // null: rank unknown
  data?: TypedArray;     // set for constants (initializers, folded values)
  seq?: string[];        // a sequence whose elements are known at build time (lowerSequences)
  suggested?: Dim[];     // a graph input's shape as the model's value_info gives it: what --shape hints suggest
}

export type AttrType = 'float' | 'int' | 'string' | 'tensor' | 'graph' | 'floats' | 'ints' |
  'strings' | 'tensors' | 'graphs';

export interface ConstTensor { dtype: number; shape: number[]; data: TypedArray }

export interface Attr { type: AttrType; value: any }

export interface Node {
  name: string;
  op: string;
  domain: string;          // '' for ai.onnx
  inputs: string[];        // '' where an optional input is omitted
  outputs: string[];
  attrs: Record<string, Attr>;
  opset?: number;          // the opset this op follows when not its domain's import (QDQ nodes inserted into opset < 10 models)
}

export interface Graph {
  name: string;
  nodes: Node[];
  inputs: string[];        // graph inputs that are not initializers
  outputs: string[];
  values: Map<string, Value>;  // every value this graph defines or annotates
}

export interface Model {
  file: string;
  irVersion: number;
  opsets: Record<string, number>;
  producer: string;
  sourceSha256: string;
  graph: Graph;
  ioDtypes: Record<string, number>;  // graph input/output dtypes as the ONNX file declares them
}

// Plain attribute values, as kernels see them.
export function plainAttrs(node: Node): Record<string, any> {
  var out: Record<string, any> = {};
  for (var k in node.attrs) out[k] = node.attrs[k].value;
  return out;
}

export function describeNode(node: Node): string {
  return `node '${node.name}' (${node.domain ? node.domain + ':' : ''}${node.op})`;
}
