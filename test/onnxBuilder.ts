// Writes small ONNX models for tests (bad inputs, external data, unknown ops) with protobufjs.
import * as path from 'path';
import * as protobuf from 'protobufjs';

var root = protobuf.loadSync(path.join(__dirname, '..', 'converter', 'onnx.proto'));
var ModelProto = root.lookupType('onnx.ModelProto');

export interface TNode { op: string; inputs: string[]; outputs: string[]; domain?: string; name?: string; attrs?: any[] }
export interface TValue { name: string; elemType?: number; dims: (number | string)[] }
export interface TInit { name: string; dims: number[]; floats?: number[]; ints?: number[]; external?: { location: string; offset?: number; length?: number }; dataType?: number }

function valueInfo(v: TValue) {
  return { name: v.name, type: { tensorType: { elemType: v.elemType || 1, shape: { dim: v.dims.map(d => typeof d === 'number' ? { dimValue: d } : { dimParam: d }) } } } };
}

export function makeModel(spec: { nodes: TNode[]; inputs: TValue[]; outputs: TValue[]; inits?: TInit[]; opset?: number; opsets?: Record<string, number>; valueInfo?: TValue[] }): Uint8Array {
  var opsets = spec.opsets || { '': spec.opset || 13 };
  var msg = ModelProto.create({
    irVersion: 8,
    producerName: 'tinyonnx-test',
    opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
    graph: {
      name: 'g',
      node: spec.nodes.map((n, i) => ({ opType: n.op, input: n.inputs, output: n.outputs, domain: n.domain || '', name: n.name || `n${i}`, attribute: n.attrs || [] })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      valueInfo: (spec.valueInfo || []).map(valueInfo),
      initializer: (spec.inits || []).map(t => t.external ?
        { name: t.name, dims: t.dims, dataType: t.dataType || 1, dataLocation: 1, externalData: Object.entries(t.external).map(([key, value]) => ({ key, value: String(value) })) } :
        t.ints && t.dataType && t.dataType !== 7 ? { name: t.name, dims: t.dims, dataType: t.dataType, int32Data: t.ints } :   // int8, uint8, int32...
        t.ints ? { name: t.name, dims: t.dims, dataType: t.dataType || 7, int64Data: t.ints } :
        { name: t.name, dims: t.dims, dataType: 1, floatData: t.floats || [] }),
    },
  });
  return ModelProto.encode(msg).finish();
}
