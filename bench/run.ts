// npm run bench: median µs per inference, per model, of tinyonnx (JS path and wasm path, float,
// dynamic int8, and static int8: "q8", --quantize int8 calibrated on seeded inputs) against
// onnxruntime-node and onnxruntime-web (wasm backend, SIMD, one thread), all
// in one process. The contenders are timed interleaved in short slices, round after round, so a
// noisy neighbour on a shared machine slows all of them alike; the ratios are what to read.
// A benchmark, not a test: it prints figures and asserts nothing.
// After the 11 real models, the generated MobileNetV3-style CNN (bench/mobilenet.ts, 1x3x224x224);
// then the webview bundle against onnxruntime-web in one headless Chromium page (bench/webview.ts).
// Usage: tsx bench/run.ts [model names...] [--no-webview]
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { spawnSync } from 'child_process';
import { MODELS, randomFeeds, ModelSpec } from '../test/models';
import { writeNpy } from '../test/npy';
import { mobilenetOnnx } from './mobilenet';
import { webviewBench } from './webview';

var args = process.argv.slice(2), noWebview = args.indexOf('--no-webview') >= 0;
var only = args.filter(a => a !== '--no-webview');
var BUILD = path.join(__dirname, '../dist/host/api/build.js');
var ROUNDS = 6, SLICE_MS = 120, WARM_MS = 300;
// dynamic and static int8 rows: the models whose weights are mostly MatMul/Conv
var INT8 = ['embedding_model', 'alexa_v0.1', 'hey_jarvis_v0.1'];

// A calibration folder for the static int8 build, as bench/int8.ts: 8 seeded samples shaped like
// the input (embedding_model sees mel / 10 + 2, about 0..4; the classifiers embeddings, about
// -20..20). Speed does not depend on the data.
function calibration(spec: ModelSpec, dir: string): string {
  var input = Object.keys(spec.inputs)[0], emb = spec.name === 'embedding_model', samples: Float32Array[] = [];
  for (var k = 0; k < 8; k++) {
    var f = randomFeeds(spec, 10 + k, emb ? 2 : 10)[input];
    if (emb) for (var i = 0; i < f.length; i++) f[i] += 2;
    samples.push(f);
  }
  var all = new Float32Array(8 * samples[0].length);
  samples.forEach((s, k) => all.set(s, k * s.length));
  fs.mkdirSync(dir, { recursive: true });
  writeNpy(path.join(dir, 'x.npy'), [8, ...spec.inputs[input].shape], all);
  return dir;
}

interface Contender { name: string; run: () => unknown; async: boolean; samples: number[] }

function median(xs: number[]) { var s = xs.slice().sort((a, b) => a - b); return s[s.length >> 1]; }

async function slice(c: Contender, ms: number, record: boolean) {
  var start = performance.now();
  do {
    var t = performance.now();
    if (c.async) await c.run(); else c.run();
    if (record) c.samples.push((performance.now() - t) * 1000);
  } while (performance.now() - start < ms);
}

function ortFeeds(ort: any, spec: ModelSpec, feeds: Record<string, Float32Array>) {
  var f: Record<string, any> = {};
  for (var [k, v] of Object.entries(feeds)) f[k] = new ort.Tensor('float32', v, spec.inputs[k].shape);
  for (var [k, vals] of Object.entries(spec.consts || {})) f[k] = new ort.Tensor('int64', BigInt64Array.from(vals.map(BigInt)), []);
  return f;
}

// Builds in a child process: the build's wabt (emscripten) grows its memory, and one detached
// ArrayBuffer slows every typed-array access in a V8 process from then on (device/wasm/core.ts).
async function tinyonnx(spec: ModelSpec, dir: string, opts: any): Promise<(() => unknown) | string> {
  var args = JSON.stringify({ input: spec.file, outDir: dir, shapes: spec.shapes, consts: spec.consts, ...opts });
  var r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BUILD)}).build(${args}).catch(e => { console.error(e.message); process.exit(1); })`], { encoding: 'utf8' });
  if (r.status !== 0) return `build failed: ${String(r.stderr).split('\n')[0]}`;
  var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
  var feeds = randomFeeds(spec, 1);
  return () => session.run(feeds);
}

async function contenders(spec: ModelSpec, tmp: string): Promise<Contender[]> {
  var list: Contender[] = [];
  var add = (name: string, run: (() => unknown) | string, async = false) => {
    if (typeof run === 'string') console.log(`  ${spec.name} ${name}: ${run}`);
    else list.push({ name, run, async, samples: [] });
  };
  add('js', await tinyonnx(spec, path.join(tmp, spec.name + '-js'), { wasm: false }));
  add('wasm', await tinyonnx(spec, path.join(tmp, spec.name + '-wasm'), { wasm: true }));
  if (INT8.includes(spec.name)) {
    add('int8 js', await tinyonnx(spec, path.join(tmp, spec.name + '-i8js'), { wasm: false, quantize: { mode: 'dynamic' } }));
    add('int8 wasm', await tinyonnx(spec, path.join(tmp, spec.name + '-i8wasm'), { wasm: true, quantize: { mode: 'dynamic' } }));
    var cal = calibration(spec, path.join(tmp, spec.name + '-cal'));
    add('q8 js', await tinyonnx(spec, path.join(tmp, spec.name + '-q8js'), { wasm: false, quantize: { mode: 'int8', calibrate: cal } }));
    add('q8 wasm', await tinyonnx(spec, path.join(tmp, spec.name + '-q8wasm'), { wasm: true, quantize: { mode: 'int8', calibrate: cal } }));
  }
  var feeds = randomFeeds(spec, 1), bytes = fs.readFileSync(spec.file);
  var sn = await ortNode.InferenceSession.create(spec.file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  var fn = ortFeeds(ortNode, spec, feeds);
  add('ort-node', () => sn.run(fn), true);
  var sw = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  var fw = ortFeeds(ortWeb, spec, feeds);
  add('ort-web', () => sw.run(fw), true);
  return list;
}

var COLS = ['js', 'wasm', 'int8 js', 'int8 wasm', 'q8 js', 'q8 wasm', 'ort-node', 'ort-web'];

(async () => {
  ortWeb.env.wasm.numThreads = 1;
  ortWeb.env.wasm.simd = true;
  ortWeb.env.wasm.proxy = false;
  var tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-bench-'));
  console.log(`node ${process.version}, ${os.cpus()[0].model}, onnxruntime-node ${require('onnxruntime-node/package.json').version} ` +
    `and onnxruntime-web ${ortWeb.env.versions.web} (wasm SIMD), one thread each; median µs per inference`);
  console.log('model'.padEnd(18) + COLS.map(c => c.padStart(11)).join('') + '  wasm/web  wasm/node    js/web  i8wasm/web  q8wasm/web  i8wasm/wasm  q8wasm/wasm');
  var cnnFile = path.join(tmp, 'mobilenet_v3_style.onnx');
  fs.writeFileSync(cnnFile, mobilenetOnnx());
  var cnn: ModelSpec = { name: 'mobilenet_v3_style', file: cnnFile, inputs: { input: { dtype: 'float32', shape: [1, 3, 224, 224] } } };
  var specs = MODELS.concat([cnn]).filter(m => !only.length || only.includes(m.name));
  for (var spec of specs) {
    var list = await contenders(spec, tmp);
    for (var c of list) await slice(c, WARM_MS, false);
    for (var r = 0; r < ROUNDS; r++) for (var c of list) await slice(c, SLICE_MS, true);
    var us: Record<string, number> = {};
    for (var c of list) us[c.name] = median(c.samples);
    var ratio = (a: string, b: string) => (us[a] && us[b] ? (us[a] / us[b]).toFixed(2) + '×' : '-').padStart(10);
    console.log(spec.name.padEnd(18) + COLS.map(k => (us[k] ? us[k].toFixed(1) : '-').padStart(11)).join('') +
      ratio('wasm', 'ort-web') + ratio('wasm', 'ort-node') + ratio('js', 'ort-web') + ratio('int8 wasm', 'ort-web').padStart(12) +
      ratio('q8 wasm', 'ort-web').padStart(12) + ratio('int8 wasm', 'wasm').padStart(13) + ratio('q8 wasm', 'wasm').padStart(13));
  }
  if (!noWebview) await webviewBench(specs);
})();
