// The WebAssembly core's convolution and pooling routines on the geometries they take and the
// ones they hand back (device/wasm/Conv.ts, winograd.ts, MaxPool.ts): Winograd F(2,3) along H and
// along W (transposed planes), odd lengths, ghost lanes, batches; the unrolled depthwise 3x3/5x5 at
// stride 1 and 2 with odd widths and asymmetric pads, and the cases left to "dw"; MaxPool's paired
// and single windows; fused activations band by band (a last partial vector). Each single-node
// model is built with the core and with --wasm off; both must match onnxruntime-node.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel, TNode, TInit } from './onnxBuilder';
import { TMP } from './buildCache';
import { ortRun, closeTo } from './reference';
import { build } from '../api/build';
import { seededRandom } from '../base/inputs';

var rnd = seededRandom(23);
function rand(n: number, scale = 1) { var a: number[] = []; for (var i = 0; i < n; i++) a.push((rnd() * 2 - 1) * scale); return a; }
var ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
var fr = (name: string, dims: number[], scale = 0.5): TInit => ({ name, dims, floats: rand(dims.reduce((a, b) => a * b, 1), scale) });

interface Case { x: number[]; y: number[]; nodes: TNode[]; inits: TInit[]; opset?: number }

// Conv (weights [M, C/group, KH, KW]) with attributes, then optional activation nodes.
function conv(x: number[], M: number, k: number[], y: number[], attrs: any[], act: TNode[] = [], inits: TInit[] = [], group = 1): Case {
  var out = act.length ? 'c' : 'y';
  return { x, y, nodes: [{ op: 'Conv', inputs: ['x', 'W', 'B'], outputs: [out], attrs: [ints('kernel_shape', k), ...attrs] } as TNode].concat(act),
    inits: [fr('W', [M, x[1] / group, k[0], k[1]]), fr('B', [M]), ...inits] };
}
var relu: TNode[] = [{ op: 'Relu', inputs: ['c'], outputs: ['y'] }];
var leakyClip: TNode[] = [{ op: 'LeakyRelu', inputs: ['c'], outputs: ['l'], attrs: [{ name: 'alpha', type: 1, f: 0.2 }] }, { op: 'Clip', inputs: ['l', 'lo', 'hi'], outputs: ['y'] }];
var clipInits = [{ name: 'lo', dims: [], floats: [-0.4] }, { name: 'hi', dims: [], floats: [6] }];
var hswish: TNode[] = [{ op: 'HardSwish', inputs: ['c'], outputs: ['y'] }];
var group = (g: number) => ({ name: 'group', type: 2, i: g });

var CASES: Record<string, Case> = {
  'winograd 1x3 along W (transposed, 7 rows: a ghost lane), LeakyRelu+Clip': conv([1, 6, 7, 12], 5, [1, 3], [1, 5, 7, 12], [ints('pads', [0, 1, 0, 1])], leakyClip, clipInits),
  'winograd 3x1 along H, odd output length, 7 columns': conv([1, 5, 9, 7], 7, [3, 1], [1, 7, 7, 7], []),
  'winograd 3x1 padded, batch of 2, Relu': conv([2, 4, 8, 8], 6, [3, 1], [2, 6, 8, 8], [ints('pads', [1, 0, 1, 0])], relu),
  'winograd declined: 1x3 on a width not a multiple of 4': conv([1, 4, 6, 10], 4, [1, 3], [1, 4, 6, 10], [ints('pads', [0, 1, 0, 1])]),
  'winograd declined: 3x1 on 2 columns': conv([1, 8, 10, 2], 8, [3, 1], [1, 8, 8, 2], []),
  'depthwise 3x3 stride 1, 11 columns, Relu': conv([1, 5, 9, 11], 5, [3, 3], [1, 5, 9, 11], [ints('pads', [1, 1, 1, 1]), group(5)], relu, [], 5),
  'depthwise 3x3 stride 2, 17 columns': conv([1, 4, 13, 17], 4, [3, 3], [1, 4, 7, 9], [ints('pads', [1, 1, 1, 1]), ints('strides', [2, 2]), group(4)], [], [], 4),
  'depthwise 5x5 stride 2, HardSwish': conv([1, 3, 14, 14], 3, [5, 5], [1, 3, 7, 7], [ints('pads', [2, 2, 2, 2]), ints('strides', [2, 2]), group(3)], hswish, [], 3),
  'depthwise 5x5 stride 1, asymmetric pads, LeakyRelu+Clip': conv([1, 3, 10, 12], 3, [5, 5], [1, 3, 10, 10], [ints('pads', [1, 2, 3, 0]), group(3)], leakyClip, clipInits, 3),
  'depthwise 3x3, row stride 2 and column stride 1': conv([1, 2, 9, 8], 2, [3, 3], [1, 2, 5, 8], [ints('pads', [1, 1, 1, 1]), ints('strides', [2, 1]), group(2)], [], [], 2),
  'depthwise declined: 3 output columns': conv([1, 2, 5, 3], 2, [3, 3], [1, 2, 5, 3], [ints('pads', [1, 1, 1, 1]), group(2)], relu, [], 2),
  'depthwise declined: column dilation 2': conv([1, 2, 9, 9], 2, [3, 3], [1, 2, 9, 9], [ints('pads', [2, 2, 2, 2]), ints('dilations', [2, 2]), group(2)], [], [], 2),
  'pointwise with HardSwish in chunks, 899 positions (a 3-lane tail)': conv([1, 16, 29, 31], 24, [1, 1], [1, 24, 29, 31], [], hswish),
  'columns 3x3 stride 2 with LeakyRelu+Clip by band': conv([1, 3, 40, 40], 16, [3, 3], [1, 16, 20, 20], [ints('pads', [1, 1, 1, 1]), ints('strides', [2, 2])], leakyClip, clipInits),
};
var pool = (x: number[], y: number[], attrs: any[]): Case => ({ x, y, nodes: [{ op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs }], inits: [] });
Object.assign(CASES, {
  'maxpool 2x2 stride 2, 11 columns (paired and single)': pool([1, 3, 9, 11], [1, 3, 4, 5], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
  'maxpool 1x2 stride (1, 2)': pool([1, 2, 5, 16], [1, 2, 5, 8], [ints('kernel_shape', [1, 2]), ints('strides', [1, 2])]),
  'maxpool 3x3 stride 2 (single windows)': pool([1, 2, 11, 11], [1, 2, 5, 5], [ints('kernel_shape', [3, 3]), ints('strides', [2, 2])]),
  'maxpool declined: padded windows': pool([1, 2, 6, 6], [1, 2, 3, 3], [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [1, 1, 1, 1])]),
});

async function runBuild(file: string, dir: string, wasm: boolean, x: Float32Array) {
  var r = await build({ input: file, outDir: dir, target: 'node', wasm });
  var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
  return { y: Float32Array.from(session.run({ x }).y), report: r.report as any };
}

// The core holds the routines of the paths the model's nodes take, no more.
var ROUTINES: Record<string, string[]> = {
  'winograd 3x1 along H, odd output length, 7 columns': ['gemm_f32', 'w2_f32', 'w2base'],
  'depthwise 5x5 stride 2, HardSwish': ['dwcopy_f32', 'dwp3_f32'],
  'depthwise declined: 3 output columns': ['act_f32', 'dw_f32'],
  'pointwise with HardSwish in chunks, 899 positions (a 3-lane tail)': ['act_f32', 'gemm_f32'],
  'maxpool 3x3 stride 2 (single windows)': ['maxpool_f32'],
};

describe('wasm core: conv and pool geometries', () => {
  it.each(Object.keys(CASES))('%s: the core and the JS kernels match onnxruntime', async (name) => {
    var c = CASES[name], tag = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60), file = path.join(TMP, `wconv-${tag}.onnx`);
    fs.writeFileSync(file, makeModel({ nodes: c.nodes, inits: c.inits, opset: c.opset || 14, inputs: [{ name: 'x', dims: c.x }], outputs: [{ name: 'y', dims: c.y }] }));
    var x = new Float32Array(rand(c.x.reduce((a, b) => a * b, 1), 3));
    var ref = (await ortRun(file, { x: { data: x, dims: c.x } })).y;
    var on = await runBuild(file, path.join(TMP, `wconv-${tag}-on`), true, x), off = await runBuild(file, path.join(TMP, `wconv-${tag}-off`), false, x);
    expect(Object.keys(on.report.wasm.routines).length).toBeGreaterThan(0);
    if (ROUTINES[name]) expect(Object.keys(on.report.wasm.routines).sort()).toEqual(ROUTINES[name]);
    for (var [label, y] of [['core', on.y], ['--wasm off', off.y]] as [string, Float32Array][]) {
      var r = closeTo(y, ref);
      expect(r.ok, `${label}: ${r.msg}`).toBe(true);
    }
    if (c.nodes[0].op === 'MaxPool') expect(Array.from(on.y)).toEqual(Array.from(off.y));   // a max is exact: the same floats
  }, 60000);

  it('a runtime whose core lacks a routine the model needs runs that node in JS, within tolerance', async () => {
    // the depthwise 3x3 model's .tnx loaded by the Winograd model's runtime (a core of gemm and w2)
    var tag = (n: string) => n.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    var dw = 'depthwise 3x3 stride 1, 11 columns, Relu', w2 = 'winograd 3x1 along H, odd output length, 7 columns';
    var c = CASES[dw], file = path.join(TMP, `wconv-${tag(dw)}.onnx`), dir = path.join(TMP, `wconv-${tag(dw)}-on`);
    var other = path.join(TMP, `wconv-${tag(w2)}-on`);
    if (!fs.existsSync(path.join(dir, 'model.tnx')) || !fs.existsSync(path.join(other, 'runtime.cjs'))) return expect.fail('run with the cases above');
    var x = new Float32Array(rand(c.x.reduce((a, b) => a * b, 1), 3));
    var y = require(path.join(other, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx'))).run({ x }).y;
    var r = closeTo(y, (await ortRun(file, { x: { data: x, dims: c.x } })).y);
    expect(r.ok, r.msg).toBe(true);
  }, 60000);
});
