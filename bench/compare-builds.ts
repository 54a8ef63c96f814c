// Node-target builds of one model side by side in one process, interleaved round by round, with
// onnxruntime-node on the ONNX file: median µs per inference and ratios to the first build.
//   npx tsx bench/compare-builds.ts MODEL.onnx BUILD_DIR... [--rounds 15]
import * as fs from 'fs';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { seededRandom } from '../base/inputs';

async function main() {
  var args = process.argv.slice(2), ri = args.indexOf('--rounds'), rounds = ri >= 0 ? +args.splice(ri, 2)[1] : 15;
  var onnx = args[0], dirs = args.slice(1);
  var sessions = dirs.map(d => require(path.resolve(d, 'runtime.cjs')).load(fs.readFileSync(path.join(d, 'model.tnx'))));
  var rnd = seededRandom(1), feeds: Record<string, Float32Array> = {}, ortFeeds: Record<string, ort.Tensor> = {};
  for (var i of sessions[0].inputs) {
    var a = new Float32Array(i.shape.reduce((x: number, y: number) => x * y, 1));
    for (var j = 0; j < a.length; j++) a[j] = rnd() * 2 - 1;
    feeds[i.name] = a; ortFeeds[i.name] = new ort.Tensor('float32', a, i.shape);
  }
  var ortS = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  var runners: { label: string; f: () => Promise<void> | void; t: number[] }[] = sessions.map((s, k) => ({ label: dirs[k], f: () => { s.run(feeds); }, t: [] as number[] }));
  runners.push({ label: 'onnxruntime-node (1 thread)', f: async () => { await ortS.run(ortFeeds); }, t: [] });
  for (var r of runners) for (var w = 0; w < 3; w++) await r.f();
  for (var k = 0; k < rounds; k++) for (var r of runners) {
    var t0 = process.hrtime.bigint(), n = 0;
    do { await r.f(); n++; } while (Number(process.hrtime.bigint() - t0) < 2e8 && n < 5);
    r.t.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  var med = (x: number[]) => { var s = x.slice().sort((a, b) => a - b); return s[s.length >> 1]; };
  var base = med(runners[0].t);
  console.log(`${path.basename(onnx)}: median µs per inference over ${rounds} interleaved rounds`);
  for (var r of runners) console.log('  ' + r.label.padEnd(40) + med(r.t).toFixed(0).padStart(10) + ' µs' + (med(r.t) / base).toFixed(2).padStart(8) + '×');
}
main();
