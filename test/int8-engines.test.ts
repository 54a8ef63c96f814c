// int8 results are bit-identical in every engine: the same int8 builds run in Node, QuickJS
// (quickjs build, runtime.js) and Duktape (espruino build, the ES5 runtime.js), outputs compared
// bit for bit. Models: alexa, and a small model using every int8 kernel (conv geometries, fused
// tables, Add, Mul, pools, Concat, lookups); and both built with --quantize dynamic.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel } from './onnxBuilder';
import { modelSpec } from './models';
import { TMP } from './buildCache';
import { writeNpy, randomArray, buildInt8 } from './int8-helpers';
import { runInEngine } from '../targets/engines/index';
import { build } from '../api/build';
import { haveDuk, DUK } from '../targets/engines/duktape';

if (!haveDuk()) throw new Error(`'${DUK}' is not installed (apt-get install duktape); the int8 engine tests need it`);

var ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
var int = (name: string, v: number) => ({ name, type: 2, i: v });
var w = (name: string, dims: number[], seed: number, scale = 0.3) =>
  ({ name, dims, floats: Array.from(randomArray(dims.reduce((a, b) => a * b, 1), seed, scale)) });

// Every int8 kernel in one small graph.
function allKernelsModel(): string {
  var f = path.join(TMP, 'int8-engines-all.onnx');
  fs.writeFileSync(f, makeModel({
    inputs: [{ name: 'x', dims: [1, 3, 10, 10] }],
    outputs: [{ name: 'y1', dims: [1, 8, 1, 1] }, { name: 'y2', dims: [1, 16, 2, 2] }, { name: 'y3', dims: [1, 6] }],
    inits: [w('W1', [8, 3, 3, 3], 1), w('B1', [8], 2, 0.1), w('W2', [8, 4, 3, 3], 3), w('W3', [8, 1, 3, 3], 5),
      { name: 'c', dims: [1, 1, 1, 1], floats: [-0.3] }, w('G', [6, 64], 6), { name: 'shape', dims: [2], ints: [1, 64] }],
    nodes: [
      { op: 'Conv', inputs: ['x', 'W1', 'B1'], outputs: ['c1'], attrs: [ints('pads', [1, 1, 1, 1])] },
      { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
      { op: 'Conv', inputs: ['r1', 'W2'], outputs: ['c2'], attrs: [int('group', 2), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])] },
      { op: 'LeakyRelu', inputs: ['c2'], outputs: ['l2'], attrs: [{ name: 'alpha', type: 1, f: 0.1 }] },
      { op: 'Max', inputs: ['l2', 'c'], outputs: ['t2'] },
      { op: 'Conv', inputs: ['t2', 'W3'], outputs: ['c3'], attrs: [int('group', 8), ints('dilations', [2, 2]), ints('pads', [2, 2, 2, 2])] },
      { op: 'Add', inputs: ['c3', 't2'], outputs: ['a'] },
      { op: 'Mul', inputs: ['a', 't2'], outputs: ['m'] },
      { op: 'MaxPool', inputs: ['m'], outputs: ['mp'], attrs: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])] },
      { op: 'AveragePool', inputs: ['mp'], outputs: ['ap'], attrs: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])] },
      { op: 'GlobalAveragePool', inputs: ['ap'], outputs: ['y1'] },
      { op: 'Concat', inputs: ['ap', 'mp'], outputs: ['cat'], attrs: [int('axis', 1)] },
      { op: 'Sigmoid', inputs: ['cat'], outputs: ['y2'] },
      { op: 'Reshape', inputs: ['cat', 'shape'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'G'], outputs: ['g'], attrs: [int('transB', 1)] },
      { op: 'Tanh', inputs: ['g'], outputs: ['y3'] },
    ],
  }));
  return f;
}

function calibration(name: string, dims: number[], scale: number): string {
  var n = dims.reduce((a, b) => a * b, 1), dir = path.join(TMP, `${name}-engines-cal`);
  writeNpy(path.join(dir, 'x.npy'), [12, ...dims], randomArray(n * 12, 3, scale));
  return dir;
}

function bits(a: ArrayLike<number>): number[] { return Array.from(new Uint32Array(new Float32Array(a as any).buffer)); }

describe.each([
  ['all int8 kernels', 'x', [1, 3, 10, 10], 1],
  ['alexa_v0.1', 'onnx::Flatten_0', [1, 16, 96], 10],
] as [string, string, number[], number][])('%s, int8, in Node, QuickJS and Duktape', (name, input, dims, scale) => {
  var dirs: Record<string, string> = {}, feeds: Record<string, Float32Array>[] = [];
  beforeAll(async () => {
    var file = name === 'alexa_v0.1' ? modelSpec(name).file : allKernelsModel();
    var cal = calibration(name.replace(/\W/g, ''), dims, scale);
    for (var t of ['node', 'quickjs', 'espruino']) dirs[t] = (await buildInt8(file, cal, { target: t })).dir;
    var n = dims.reduce((a, b) => a * b, 1);
    for (var k = 0; k < 3; k++) feeds.push({ [input]: randomArray(n, 60 + k, scale * (1 + k)) });
  }, 300000);

  it.each([['quickjs', 'quickjs'], ['duktape', 'espruino']])('%s gives Node\'s outputs bit for bit', async (engine, target) => {
    var levels = new Set<number>();
    for (var f of feeds) {
      var ref = (await runInEngine('node', dirs.node, f, { repeat: 0 })).outputs;
      var got = (await runInEngine(engine as any, dirs[target], f, { repeat: 0 })).outputs;
      expect(Object.keys(got).sort()).toEqual(Object.keys(ref).sort());
      for (var k in ref) {
        expect(bits(got[k]), `${engine} output '${k}'`).toEqual(bits(ref[k]));
        for (var v of ref[k]) levels.add(v);
      }
    }
    expect(levels.size, 'distinct output values').toBeGreaterThan(2);
  }, 300000);
});

// --quantize dynamic (DynQConv / DynQMatMul: the JS kernels in QuickJS and Duktape, the wasm
// core in Node): the same floats in every engine. The small model's float Add/Mul (int8 in the
// static build) do not build for espruino yet (binaryOps.ts: a var read before its statement, as
// in the float build of that model), so it runs in QuickJS only.
describe.each([
  ['all int8 kernels', 'x', [1, 3, 10, 10], 1, ['quickjs']],
  ['alexa_v0.1', 'onnx::Flatten_0', [1, 16, 96], 10, ['quickjs', 'duktape']],
] as [string, string, number[], number, string[]][])('%s, dynamic int8, in Node, QuickJS and Duktape', (name, input, dims, scale, engines) => {
  var dirs: Record<string, string> = {}, feeds: Record<string, Float32Array>[] = [];
  var targetOf = (engine: string) => (engine === 'duktape' ? 'espruino' : engine);
  beforeAll(async () => {
    var file = name === 'alexa_v0.1' ? modelSpec(name).file : allKernelsModel();
    for (var t of ['node'].concat(engines.map(targetOf))) {
      dirs[t] = path.join(TMP, `int8-engines-dyn-${name.replace(/\W/g, '')}-${t}`);
      await build({ input: file, outDir: dirs[t], target: t, quantize: { mode: 'dynamic' } });
    }
    var n = dims.reduce((a, b) => a * b, 1);
    for (var k = 0; k < 3; k++) feeds.push({ [input]: randomArray(n, 70 + k, scale * (1 + k)) });
  }, 300000);

  it.each(['quickjs', 'duktape'])('%s gives Node\'s outputs bit for bit', async (engine) => {
    if (engines.indexOf(engine) < 0) return;
    var target = targetOf(engine), kernels: string[] = JSON.parse(fs.readFileSync(path.join(dirs[target], 'ops.json'), 'utf8')).kernels;
    expect(kernels.filter(k => /^int8\/DynQ/.test(k)).length).toBeGreaterThan(0);
    for (var f of feeds) {
      var ref = (await runInEngine('node', dirs.node, f, { repeat: 0 })).outputs;
      var got = (await runInEngine(engine as any, dirs[target], f, { repeat: 0 })).outputs;
      for (var k in ref) expect(bits(got[k]), `${engine} output '${k}'`).toEqual(bits(ref[k]));
    }
  }, 300000);
});
