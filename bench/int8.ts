// npm run bench (int8 part): median µs per inference of the float and the int8 build of the same
// model, side by side, in the node runtime, with the model.tnx sizes. A benchmark, not a test:
// it prints figures and asserts nothing. Calibration data: seeded random inputs shaped like the
// model's (speed does not depend on it). Usage: tsx bench/int8.ts [model names...]
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { build } from '../dist/host/api/build';
import { modelSpec, randomFeeds, ModelSpec } from '../test/models';
import { writeNpy } from '../test/npy';

var only = process.argv.slice(2);
var NAMES = only.length ? only : ['embedding_model', 'alexa_v0.1'];
var BUDGET_MS = 1500;

function median(xs: number[]) { xs.sort((a, b) => a - b); return xs[xs.length >> 1]; }

function timeSync(fn: () => void): number {
  for (var w = 0; w < 5; w++) fn();
  var samples: number[] = [], start = performance.now();
  while (performance.now() - start < BUDGET_MS || samples.length < 10) {
    var t = performance.now(); fn(); samples.push((performance.now() - t) * 1000);
    if (samples.length >= 5000) break;
  }
  return median(samples);
}

// embedding_model sees mel / 10 + 2 (about 0..4); the classifiers see embeddings (about -20..20).
function feeds(spec: ModelSpec, seed: number) {
  var scale = spec.name === 'embedding_model' ? 2 : 10, f = randomFeeds(spec, seed, scale);
  if (spec.name === 'embedding_model') for (var k in f) for (var i = 0; i < f[k].length; i++) f[k][i] += 2;
  return f;
}

(async () => {
  var tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-bench-int8-'));
  console.log(`node ${process.version}, ${os.cpus()[0].model}: float vs int8 builds (node runtime)`);
  console.log('model'.padEnd(20) + 'float µs'.padStart(12) + 'int8 µs'.padStart(12) + 'int8/float'.padStart(12) +
    'float tnx B'.padStart(14) + 'int8 tnx B'.padStart(13));
  for (var name of NAMES) {
    var spec = modelSpec(name), input = Object.keys(spec.inputs)[0], cal = path.join(tmp, `${name}-cal`);
    fs.mkdirSync(cal, { recursive: true });
    var shape = spec.inputs[input].shape, samples: Float32Array[] = [];
    for (var k = 0; k < 8; k++) samples.push(feeds(spec, 10 + k)[input]);
    var all = new Float32Array(samples.length * samples[0].length);
    samples.forEach((s, k) => all.set(s, k * s.length));
    writeNpy(path.join(cal, 'x.npy'), [samples.length, ...shape], all);
    var dirs = { float: path.join(tmp, `${name}-float`), int8: path.join(tmp, `${name}-int8`) };
    try {
      await build({ input: spec.file, outDir: dirs.float, shapes: spec.shapes, consts: spec.consts });
      await build({ input: spec.file, outDir: dirs.int8, shapes: spec.shapes, consts: spec.consts, quantize: { mode: 'int8', calibrate: cal } });
    } catch (e: any) { console.log(name.padEnd(20) + `  build failed: ${String(e.message).split('\n')[0]}`); continue; }
    var x = feeds(spec, 1);
    var us: number[] = [], bytes: number[] = [];
    for (var d of [dirs.float, dirs.int8]) {
      var tnx = fs.readFileSync(path.join(d, 'model.tnx'));
      var session = require(path.join(d, 'runtime.cjs')).load(tnx);
      us.push(timeSync(() => session.run(x)));
      bytes.push(tnx.length);
    }
    console.log(name.padEnd(20) + us[0].toFixed(1).padStart(12) + us[1].toFixed(1).padStart(12) + (us[1] / us[0]).toFixed(2).padStart(12) +
      String(bytes[0]).padStart(14) + String(bytes[1]).padStart(13));
  }
})();
