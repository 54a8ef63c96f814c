// converter/passes/validateGraph.ts and readOnnx's own checks: a malformed graph is one line
// (a UserError) naming the file, node, op and value, never a raw TypeError from a later pass.
// Every model is written here with protobufjs (test/onnxBuilder.ts).
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeModel, TNode } from './onnxBuilder';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-validate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const X = { name: 'x', dims: [4] }, Y = { name: 'y', dims: [4] };

function convert(spec: Parameters<typeof makeModel>[0], opts: any = {}) {
  const f = path.join(dir, 'm.onnx');
  fs.writeFileSync(f, makeModel(spec));
  return convertModel(readOnnx(f), opts).model;
}
function refused(spec: Parameters<typeof makeModel>[0], what: RegExp, opts: any = {}) {
  let err: any = null;
  try { convert(spec, opts); } catch (e) { err = e; }
  expect(err?.name).toBe('UserError');
  expect(err.message).toMatch(what);
  expect(err.message).not.toMatch(/\n/);
}
const relu = (inp: string, out: string, name?: string): TNode => ({ op: 'Relu', inputs: [inp], outputs: [out], name });
const graphOf = (nodes: TNode[], outputs: string[]) => ({
  name: 'b', node: nodes.map((n, i) => ({ opType: n.op, input: n.inputs, output: n.outputs, name: n.name || 'b' + i, attribute: n.attrs || [] })),
  output: outputs.map(name => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 4 }] } } } })),
});

describe('graph validation', () => {
  it('a well-formed model converts', () => {
    expect(convert({ nodes: [relu('x', 'y')], inputs: [X], outputs: [Y] }).graph.nodes.length).toBe(1);
  });

  it('missing inputs, cycles and unproduced outputs name the node and value', () => {
    refused({ nodes: [relu('nope', 'y')], inputs: [X], outputs: [Y] }, /node 'n0' \(Relu\): input 0 'nope' is not a graph input, an initializer, nor any node's output/);
    refused({ nodes: [relu('t', 'y'), relu('y', 't')], inputs: [X], outputs: [Y] }, /input 0 't' is written by a later node \(the graph has a cycle/);
    refused({ nodes: [relu('x', 't')], inputs: [X], outputs: [Y] }, /graph output 'y' is not produced by any node/);
    refused({ nodes: [relu('x', 'y'), relu('x', 'y')], inputs: [X], outputs: [Y] }, /output 0 'y' is already written by node 'n0'/);
  });

  it('opset imports present, domains and attribute names plain', () => {
    refused({ nodes: [relu('x', 'y')], inputs: [X], outputs: [Y], opsets: {} }, /the model imports no opset for domain 'ai.onnx'/);
    refused({ nodes: [relu('x', 'y')], inputs: [X], outputs: [Y], opsets: { '': 0 } }, /opset_import for domain 'ai.onnx' has version '0'/);
    refused({ nodes: [{ ...relu('x', 'y'), domain: '__proto__' }], inputs: [X], outputs: [Y] }, /domain '__proto__' is not a plain name/);
    refused({ nodes: [relu('x', 'y')], inputs: [X], outputs: [Y], opsets: JSON.parse('{"": 13, "__proto__": 1}') }, /opset_import domain '__proto__' is not a plain name/);
    refused({ nodes: [{ ...relu('x', 'y'), attrs: [{ name: '__proto__', type: 2, i: 1 }] }], inputs: [X], outputs: [Y] }, /attribute name '__proto__' is not a plain name/);
  });

  it('TENSOR and GRAPH attributes without their value, If/Loop/Scan without their graph', () => {
    refused({ nodes: [{ op: 'Constant', inputs: [], outputs: ['y'], attrs: [{ name: 'value', type: 4 }] }], inputs: [], outputs: [Y] }, /attribute 'value' \(a tensor\) has no value/);
    refused({ nodes: [{ op: 'If', inputs: ['c'], outputs: ['y'], attrs: [{ name: 'then_branch', type: 5 }] }], inputs: [{ name: 'c', elemType: 9, dims: [] }], outputs: [Y] }, /attribute 'then_branch' \(a graph\) has no value/);
    refused({ nodes: [{ op: 'If', inputs: ['c'], outputs: ['y'], attrs: [{ name: 'then_branch', type: 5, g: graphOf([relu('x', 'z')], ['z']) }] }], inputs: [{ name: 'c', elemType: 9, dims: [] }, X], outputs: [Y] }, /\(If\): attribute 'else_branch' \(a graph\) is missing/);
    refused({ nodes: [{ op: 'Loop', inputs: ['', 'c'], outputs: ['y'] }], inputs: [{ name: 'c', elemType: 9, dims: [] }], outputs: [Y] }, /\(Loop\): attribute 'body' \(a graph\) is missing/);
    refused({ nodes: [{ op: 'Scan', inputs: ['x'], outputs: ['y'] }], inputs: [X], outputs: [Y] }, /\(Scan\): attribute 'body' \(a graph\) is missing/);
  });

  it('If nested deeper than the reader allows is refused at build time', () => {
    const leaf = graphOf([relu('x', 'z0')], ['z0']);
    let g = leaf;
    for (let d = 0; d < 17; d++) g = graphOf([{ op: 'If', inputs: ['c'], outputs: ['z' + (d + 1)], attrs: [{ name: 'then_branch', type: 5, g }, { name: 'else_branch', type: 5, g: leaf }] }], ['z' + (d + 1)]);
    refused({ nodes: [{ op: 'If', inputs: ['c'], outputs: ['y'], attrs: [{ name: 'then_branch', type: 5, g }, { name: 'else_branch', type: 5, g: leaf }] }], inputs: [{ name: 'c', elemType: 9, dims: [] }, X], outputs: [Y] }, /subgraphs nest more than 16 deep/);
  });

  it('a node name with a newline stays one line', () => {
    refused({ nodes: [relu('nope', 'y', 'bad\nname')], inputs: [X], outputs: [Y] }, /node 'bad\\nname' \(Relu\): input 0 'nope'/);
  });

  it('an If without its condition', () => {
    const leaf = graphOf([relu('x', 'z0')], ['z0']);
    refused({ nodes: [{ op: 'If', inputs: [''], outputs: ['y'], attrs: [{ name: 'then_branch', type: 5, g: leaf }, { name: 'else_branch', type: 5, g: leaf }] }], inputs: [X], outputs: [Y] }, /\(If\): the condition \(input 0\) is missing/);
  });
});

describe('resource limits', () => {
  it('a 1e9-element Range or ConstantOfShape is refused naming the node, unless --max-arena allows it', () => {
    const range = { nodes: [{ op: 'Range', inputs: ['s', 'l', 'd'], outputs: ['y'], name: 'big_range' }], inputs: [], outputs: [{ name: 'y', dims: [1000000000] }],
      inits: [{ name: 's', dims: [], floats: [0] }, { name: 'l', dims: [], floats: [1e9] }, { name: 'd', dims: [], floats: [1] }] };
    refused(range, /node 'big_range' \(Range\): output 'y' \[1000000000\] needs 3814.7 MB, more than the 64.0 MB limit; raise it with --max-arena/);
    const cos = { nodes: [{ op: 'ConstantOfShape', inputs: ['shape'], outputs: ['y'], name: 'fill' }], inputs: [], outputs: [{ name: 'y', dims: [1000, 1000, 1000] }],
      inits: [{ name: 'shape', dims: [3], ints: [1000, 1000, 1000] }] };
    refused(cos, /node 'fill' \(ConstantOfShape\): output 'y' \[1000,1000,1000\] needs/);
    const small = { ...range, inits: [{ name: 's', dims: [], floats: [0] }, { name: 'l', dims: [], floats: [4e6] }, { name: 'd', dims: [], floats: [1] }] };
    refused(small, /needs 15.3 MB, more than the 8.0 MB limit/, { maxArena: 8 << 20 });
    expect(convert(small).graph.values.get('y')!.shape).toEqual([4000000]);
  });

  it('Conv pads and strides out of range are refused (nothing runs for ever)', () => {
    const conv = (attrs: any[]) => ({ nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], name: 'c', attrs }], inputs: [{ name: 'x', dims: [1, 1, 4, 4] }],
      outputs: [{ name: 'y', dims: [1, 1, 'h', 'w'] }], inits: [{ name: 'w', dims: [1, 1, 1, 1], floats: [1] }] });
    refused(conv([{ name: 'pads', type: 7, ints: [2147483647, 0, 0, 0] }]), /node 'c' \(Conv\): pads \[2147483647,0,0,0\] must be whole numbers in \[0, 65535\]/);
    refused(conv([{ name: 'strides', type: 7, ints: [0, 1] }]), /node 'c' \(Conv\): strides/);
  });
});

// Distinct failures the fuzzer (fuzz/) found, each kept as a crafted model.
describe('fuzz regressions', () => {
  it('a node with fewer inputs than its op needs names the op and opset, not a TypeError', () => {
    refused({ nodes: [{ op: 'Div', inputs: ['x'], outputs: ['y'] }], inputs: [X], outputs: [Y] }, /node 'n0' \(Div\): its inputs or attributes do not fit Div \(opset 13\): is one missing, empty or of the wrong kind\?/);
    refused({ nodes: [{ op: 'Gather', inputs: ['x', ''], outputs: ['y'] }], inputs: [X], outputs: [Y] }, /\(Gather\): its inputs or attributes do not fit Gather/);
  });

  it("Cast without 'to' says the attribute is missing", () => {
    refused({ nodes: [{ op: 'Cast', inputs: ['x'], outputs: ['y'] }], inputs: [X], outputs: [Y] }, /\(Cast\): attribute 'to' \(the element type\) is missing/);
  });

  it('graph inputs and outputs with newlines or odd names stay on one line', () => {
    refused({ nodes: [relu('x', 'y')], inputs: [X], outputs: [Y, { name: 'a\nb', dims: [4] }] }, /graph output 'a\\nb' is not produced by any node/);
    refused({ nodes: [relu('x', 'y')], inputs: [X], outputs: [Y, { name: 'undefined', dims: [4] }] }, /graph output 'undefined' is not produced/);
  });

  // seed 4242 and 9090, 20,000 cases each (npm run fuzz -- --seed N --cases 20000)
  const pool = (op: string, attrs: any[]) => ({ nodes: [{ op, inputs: ['x'], outputs: ['y'], attrs }], inputs: [{ name: 'x', dims: [1, 1, 4, 4] }], outputs: [{ name: 'y', dims: [1, 1, 'h', 'w'] }] });
  const k2 = { name: 'kernel_shape', type: 7, ints: [2, 2] };
  it('a missing required attribute names it (TopK k before opset 10, blocksize, hidden_size, kernel_shape)', () => {
    refused({ nodes: [{ op: 'TopK', inputs: ['x'], outputs: ['v', 'i'] }], inputs: [X], outputs: [{ name: 'v', dims: [2] }], opsets: { '': 9 } }, /node 'n0' \(TopK\): attribute 'k' is missing; TopK \(opset 9\) needs it/);
    refused({ nodes: [{ op: 'SpaceToDepth', inputs: ['x'], outputs: ['y'] }], inputs: [{ name: 'x', dims: [1, 1, 4, 4] }], outputs: [Y] }, /\(SpaceToDepth\): attribute 'blocksize' is missing/);
    refused({ nodes: [{ op: 'LSTM', inputs: ['x', 'w', 'r'], outputs: ['y'] }], inputs: [{ name: 'x', dims: [1, 1, 4] }], outputs: [Y],
      inits: [{ name: 'w', dims: [1, 4, 4], floats: new Array(16).fill(0) }, { name: 'r', dims: [1, 4, 1], floats: [0, 0, 0, 0] }] }, /\(LSTM\): attribute 'hidden_size' is missing/);
    refused(pool('MaxPool', []), /\(MaxPool\): attribute 'kernel_shape' is missing/);
  });

  it('an attribute of the wrong kind or out of range names it (pads or strides given as one number, blocksize 0)', () => {
    refused(pool('MaxPool', [k2, { name: 'pads', type: 2, i: 1 }]), /\(MaxPool\): attribute 'pads' must be a list of whole numbers, got a whole number/);
    refused(pool('AveragePool', [k2, { name: 'strides', type: 2, i: 1 }]), /\(AveragePool\): attribute 'strides' must be a list of whole numbers/);
    refused({ nodes: [{ op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: [{ name: 'dilations', type: 2, i: 2 }] }], inputs: [{ name: 'x', dims: [1, 1, 4, 4] }],
      outputs: [Y], inits: [{ name: 'w', dims: [1, 1, 1, 1], floats: [1] }] }, /\(ConvTranspose\): attribute 'dilations' must be a list of whole numbers/);
    refused({ nodes: [{ op: 'DepthToSpace', inputs: ['x'], outputs: ['y'], attrs: [{ name: 'blocksize', type: 2, i: 0 }] }], inputs: [{ name: 'x', dims: [1, 4, 2, 2] }], outputs: [Y] },
      /\(DepthToSpace\): attribute 'blocksize' is 0; it must be a whole number >= 1/);
    refused({ nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: [{ name: 'axis', type: 3, s: Buffer.from('a') }] }], inputs: [X], outputs: [Y] }, /attribute 'axis' must be a whole number, got a string/);
  });

  it("an attribute named after an Object method ('toString') is the node's own, not a kind", () => {
    expect(convert({ nodes: [{ ...relu('x', 'y'), attrs: [{ name: 'toString', type: 2, i: 1 }] }], inputs: [X], outputs: [Y] }).graph.nodes.length).toBe(1);
  });

  it('a Scan whose scan input is a scalar (it hung) and a node naming more outputs than its op has', () => {
    const body = { name: 'body', node: [{ opType: 'Add', input: ['s', 'v'], output: ['s2'], name: 'b0' }], input: ['s', 'v'].map(name => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [] } } } })),
      output: [{ name: 's2', type: { tensorType: { elemType: 1, shape: { dim: [] } } } }] };
    refused({ nodes: [{ op: 'Scan', inputs: ['x0'], outputs: ['y'], attrs: [{ name: 'num_scan_inputs', type: 2, i: 1 }, { name: 'body', type: 5, g: body }] }],
      inputs: [{ name: 'x0', dims: [] }], outputs: [{ name: 'y', dims: [] }], opsets: { '': 9 } }, /\(Scan\): scan input 0 is missing or a scalar; it needs a sequence axis/);
    refused({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['', 'y'] }], inputs: [X], outputs: [Y] }, /\(Relu\): produces 1 outputs, the model names output 1 'y'/);
  });

  it('--const on an input of an element type it cannot hold says so', () => {
    refused({ nodes: [{ op: 'Identity', inputs: ['c'], outputs: ['y'] }], inputs: [{ name: 'c', elemType: 99, dims: [] }], outputs: [{ name: 'y', dims: [] }] },
      /--const c: input 'c' has element type code 99, which --const does not support/, { consts: { c: [1] } });
  });
});

describe('an If on a graph input', () => {
  it('Silero v5 built without --const sr: one line naming sr and the flag', () => {
    const f = path.join(__dirname, '..', 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx');
    let err: any = null;
    try { convertModel(readOnnx(f), { shapes: { input: [1, 512], state: [2, 1, 128] }, consts: {} }); } catch (e) { err = e; }
    expect(err?.name).toBe('UserError');
    expect(err.message).toMatch(/node 'If_0' \(If\): its condition depends on input 'sr', not known at build time, so both branches are built and one fails \(.*\); freeze it with --const sr=VALUE$/);
    expect(err.message).not.toMatch(/\n/);
  }, 120000);
});
