// Importing models someone else quantized in QDQ form: uint8 activations, asymmetric uint8
// weights, int32 biases, Relu and LeakyRelu between the op and its QuantizeLinear, Gemm with
// alpha/beta and a float bias. fuseQdq must turn them into int8 kernels that compute exactly
// what the QDQ model means (its float64 evaluation) and agree with onnxruntime.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import { build } from '../api/build';
import { readOnnx } from '../converter/readOnnx';
import { inferAndFold } from '../converter/passes/inferAndFold';
import { interpret } from '../converter/interpret';
import { TMP } from './buildCache';
import { randomArray, ortOutputs, LsbStats } from './int8-helpers';
import { seededRandom } from '../base/inputs';

var root = protobuf.loadSync(path.join(__dirname, '..', 'converter', 'onnx.proto'));
var ModelProto = root.lookupType('onnx.ModelProto');
var F32 = 1, U8 = 2, I8 = 3, I32 = 6, I64 = 7;

function tensor(name: string, dtype: number, dims: number[], values: ArrayLike<number>) {
  var size = dtype === F32 || dtype === I32 ? 4 : dtype === I64 ? 8 : 1, buf = Buffer.alloc(values.length * size);
  for (var i = 0; i < values.length; i++) {
    if (dtype === F32) buf.writeFloatLE(values[i], i * 4);
    else if (dtype === I32) buf.writeInt32LE(values[i], i * 4);
    else if (dtype === I64) buf.writeBigInt64LE(BigInt(values[i]), i * 8);
    else if (dtype === I8) buf.writeInt8(values[i], i);
    else buf.writeUInt8(values[i], i);
  }
  return { name, dims, dataType: dtype, rawData: buf };
}
function ints(n: number, seed: number, lo: number, hi: number): number[] {
  var r = seededRandom(seed), a: number[] = [];
  for (var i = 0; i < n; i++) a.push(lo + Math.floor(r() * (hi - lo + 1)));
  return a;
}
var vi = (name: string, dims: number[], elemType = F32) => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map(d => ({ dimValue: d })) } } } });
var attr = (name: string, v: any) => typeof v === 'number' ? (Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v }) : { name, type: 7, ints: v };
function node(op: string, inputs: string[], outputs: string[], attrs: any[] = []) { return { opType: op, input: inputs, output: outputs, name: outputs[0] + '_' + op, attribute: attrs }; }
// x → Q → DQ, the usual QDQ boundary
function qdq(x: string, s: string, z: string): any[] { return [node('QuantizeLinear', [x, s, z], [x + '_q']), node('DequantizeLinear', [x + '_q', s, z], [x + '_dq'])]; }

function save(name: string, nodes: any[], inits: any[], inputs: any[], outputs: any[]): string {
  var f = path.join(TMP, `${name}.onnx`);
  fs.writeFileSync(f, ModelProto.encode(ModelProto.create({ irVersion: 8, producerName: 'hand-made QDQ', opsetImport: [{ domain: '', version: 13 }],
    graph: { name, node: nodes, initializer: inits, input: inputs, output: outputs } })).finish());
  return f;
}

function exactQdq(file: string) {
  var m = readOnnx(file);
  inferAndFold(m);
  for (var v of m.graph.values.values()) if (v.dtype === 1) { v.dtype = 11; if (v.data) v.data = Float64Array.from(v.data); }
  return (x: Float32Array) => interpret(m, { x: Float64Array.from(x) });
}

async function check(file: string, dims: number[], outs: { name: string; scale: number }[], expectKernels: string[], scale = 1) {
  var dir = path.join(TMP, path.basename(file, '.onnx') + '-build');
  var r = await build({ input: file, outDir: dir });
  for (var k of expectKernels) expect(r.manifest.kernels, k).toContain(k);
  var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
  var ref = exactQdq(file), exact = new LsbStats(), vsOrt = new LsbStats(), n = dims.reduce((a, b) => a * b, 1), levels = new Set<number>();
  for (var k = 0; k < 8; k++) {
    var x = randomArray(n, 40 + k, scale);
    var ours = session.run({ x }), mine = ref(x), theirs = await ortOutputs(file, { x: { data: x, dims } });
    for (var o of outs) {
      exact.add(ours[o.name], mine[o.name], o.scale);
      vsOrt.add(ours[o.name], theirs[o.name], o.scale);
      for (var v of ours[o.name]) levels.add(v);
    }
  }
  expect(levels.size, 'distinct output values').toBeGreaterThan(20);
  return { exact, vsOrt, r };
}

describe('importing QDQ models', () => {
  it('uint8 activations, asymmetric uint8 and per-channel int8 weights, int32 bias, Relu and LeakyRelu before QuantizeLinear', async () => {
    var C = 3, M = 6, M2 = 4;
    var f = save('qdq-import-conv', [
      ...qdq('x', 'sx', 'zx'),
      node('DequantizeLinear', ['w1', 'sw1', 'zw1'], ['w1_dq']),
      node('DequantizeLinear', ['b1', 'sb1'], ['b1_dq']),
      node('Conv', ['x_dq', 'w1_dq', 'b1_dq'], ['c1'], [attr('pads', [1, 1, 1, 1])]),
      node('Relu', ['c1'], ['r1']),
      ...qdq('r1', 's1', 'z1'),
      node('DequantizeLinear', ['w2', 'sw2', 'zw2'], ['w2_dq'], [attr('axis', 0)]),
      node('Conv', ['r1_dq', 'w2_dq'], ['c2'], [attr('strides', [2, 2])]),
      node('LeakyRelu', ['c2'], ['l2'], [attr('alpha', 0.25)]),
      node('QuantizeLinear', ['l2', 's2', 'z2'], ['y_q']),
      node('DequantizeLinear', ['y_q', 's2', 'z2'], ['y']),
    ], [
      tensor('sx', F32, [], [0.02]), tensor('zx', U8, [], [128]),
      tensor('w1', U8, [M, C, 3, 3], ints(M * C * 9, 1, 60, 190)), tensor('sw1', F32, [], [0.01]), tensor('zw1', U8, [], [120]),
      tensor('b1', I32, [M], ints(M, 2, -2000, 2000)), tensor('sb1', F32, [], [0.0002]),
      tensor('s1', F32, [], [0.015]), tensor('z1', U8, [], [10]),   // the Relu clamps at 10, not at 0: act_min
      tensor('w2', I8, [M2, M, 3, 3], ints(M2 * M * 9, 3, -127, 127)), tensor('sw2', F32, [M2], [0.004, 0.006, 0.003, 0.008]),
      tensor('zw2', I8, [M2], [0, 0, 0, 0]),
      tensor('s2', F32, [], [0.05]), tensor('z2', U8, [], [100]),
    ], [vi('x', [1, C, 8, 8])], [vi('y', [1, M2, 3, 3])]);
    var { exact, vsOrt } = await check(f, [1, C, 8, 8], [{ name: 'y', scale: 0.05 }], ['int8/QConv']);
    console.log(`imported conv QDQ: vs float64 meaning ${exact}; vs onnxruntime ${vsOrt}`);
    expect(exact.counts[0] / exact.total, exact.toString()).toBeGreaterThanOrEqual(0.999);
    expect(exact.max, exact.toString()).toBeLessThanOrEqual(1);
    expect(vsOrt.max, vsOrt.toString()).toBeLessThanOrEqual(1);
  }, 120000);

  it('Gemm with alpha, beta and a float bias; MatMul of two int8 activations; Tanh and Reshape on uint8', async () => {
    var f = save('qdq-import-dense', [
      ...qdq('x', 'sx', 'zx'),
      node('DequantizeLinear', ['w', 'sw', 'zw'], ['w_dq'], [attr('axis', 0)]),
      node('Gemm', ['x_dq', 'w_dq', 'bias'], ['g'], [attr('transB', 1), attr('alpha', 0.5), attr('beta', 1.5)]),
      ...qdq('g', 'sg', 'zg'),
      node('Reshape', ['g_dq', 'shape'], ['gr']),
      ...qdq('gr', 'sg', 'zg'),
      node('MatMul', ['gr_dq', 'x_dq'], ['mm']),
      ...qdq('mm', 'sm', 'zm'),
      node('Tanh', ['mm_dq'], ['t']),
      node('QuantizeLinear', ['t', 'st', 'zt'], ['y_q']),
      node('DequantizeLinear', ['y_q', 'st', 'zt'], ['y']),
    ], [
      tensor('sx', F32, [], [0.03]), tensor('zx', U8, [], [128]),
      tensor('w', I8, [5, 4], ints(20, 5, -127, 127)), tensor('sw', F32, [5], [0.01, 0.02, 0.015, 0.005, 0.01]), tensor('zw', I8, [5], [0, 0, 0, 0, 0]),
      tensor('bias', F32, [5], [0.1, -0.2, 0.05, 0.3, -0.1]),
      tensor('sg', F32, [], [0.02]), tensor('zg', U8, [], [120]), tensor('shape', I64, [2], [5, 1]),
      tensor('sm', F32, [], [0.01]), tensor('zm', U8, [], [128]),
      tensor('st', F32, [], [1 / 128]), tensor('zt', U8, [], [128]),
    ], [vi('x', [1, 4])], [vi('y', [5, 4])]);
    var { exact, vsOrt, r } = await check(f, [1, 4], [{ name: 'y', scale: 1 / 128 }], ['int8/QMatMul', 'tensor/Reshape'], 3);
    console.log(`imported dense QDQ: vs float64 meaning ${exact}; vs onnxruntime ${vsOrt}`);
    expect(r.manifest.kernels).not.toContain('nn/Gemm');
    expect(r.manifest.kernels).not.toContain('elementwise/Tanh');   // its table is fused into the QMatMul
    expect(exact.counts[0] / exact.total, exact.toString()).toBeGreaterThanOrEqual(0.99);
    expect(exact.max, exact.toString()).toBeLessThanOrEqual(1);
    expect(vsOrt.max, vsOrt.toString()).toBeLessThanOrEqual(1);
  }, 120000);
});
