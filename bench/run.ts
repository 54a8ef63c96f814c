// npm run bench: median µs per inference, tinyonnx vs onnxruntime-node, per model, in one run.
// A benchmark, not a test: it prints figures and asserts nothing.
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import * as ort from 'onnxruntime-node';
import { build } from '../dist/host/api/build';
import { MODELS, randomFeeds } from '../test/models';

var only = process.argv.slice(2);
var BUDGET_MS = 1500;

function median(xs: number[]) { xs.sort((a, b) => a - b); return xs[xs.length >> 1]; }

var WARM_MS = 400;   // long enough for V8 to optimize every kernel's eval

function timeSync(fn: () => void): number {
  for (var w0 = performance.now(), w = 0; performance.now() - w0 < WARM_MS || w < 5; w++) fn();
  var samples: number[] = [], start = performance.now();
  while (performance.now() - start < BUDGET_MS || samples.length < 10) {
    var t = performance.now(); fn(); samples.push((performance.now() - t) * 1000);
    if (samples.length >= 5000) break;
  }
  return median(samples);
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  for (var w0 = performance.now(), w = 0; performance.now() - w0 < WARM_MS || w < 5; w++) await fn();
  var samples: number[] = [], start = performance.now();
  while (performance.now() - start < BUDGET_MS || samples.length < 10) {
    var t = performance.now(); await fn(); samples.push((performance.now() - t) * 1000);
    if (samples.length >= 5000) break;
  }
  return median(samples);
}

(async () => {
  var tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-bench-'));
  console.log(`node ${process.version}, ${os.cpus()[0].model}, onnxruntime-node ${require('onnxruntime-node/package.json').version} (1 intra-op thread)`);
  console.log('model'.padEnd(20) + 'tinyonnx µs'.padStart(14) + 'onnxruntime µs'.padStart(16) + 'ratio'.padStart(8) + '  arena B'.padStart(10));
  for (var spec of MODELS) {
    if (only.length && !only.includes(spec.name)) continue;
    var dir = path.join(tmp, spec.name);
    try {
      var r = await build({ input: spec.file, outDir: dir, shapes: spec.shapes, consts: spec.consts });
    } catch (e: any) { console.log(spec.name.padEnd(20) + `  build failed: ${e.message.split('\n')[0]}`); continue; }
    var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
    var feeds = randomFeeds(spec, 1);
    var ours = timeSync(() => session.run(feeds));
    var s = await ort.InferenceSession.create(spec.file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    var of: Record<string, ort.Tensor> = {};
    for (var [k, v] of Object.entries(feeds)) of[k] = new ort.Tensor('float32', v, spec.inputs[k].shape);
    for (var [k, vals] of Object.entries(spec.consts || {})) of[k] = new ort.Tensor('int64', BigInt64Array.from(vals.map(BigInt)), []);
    var theirs = await timeAsync(() => s.run(of));
    console.log(spec.name.padEnd(20) + ours.toFixed(1).padStart(14) + theirs.toFixed(1).padStart(16) + (ours / theirs).toFixed(2).padStart(8) + String(r.report.builds[0].ram.arena).padStart(10));
  }
})();
