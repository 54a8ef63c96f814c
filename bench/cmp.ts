// Quick side-by-side: node-target builds vs onnxruntime-web (wasm SIMD, 1 thread), interleaved.
//   npx tsx bench/cmp.ts MODEL.onnx BUILD_DIR... [--rounds 15] [--const name=v]
import * as fs from 'fs';
import * as path from 'path';
import * as ortWeb from 'onnxruntime-web';
import { seededRandom } from '../base/inputs';

async function main() {
  var args = process.argv.slice(2), ri = args.indexOf('--rounds'), rounds = ri >= 0 ? +args.splice(ri, 2)[1] : 15;
  var consts: Record<string, number> = {};
  for (var ci; (ci = args.indexOf('--const')) >= 0;) { var kv = args.splice(ci, 2)[1].split('='); consts[kv[0]] = +kv[1]; }
  var onnx = args[0], dirs = args.slice(1);
  ortWeb.env.wasm.numThreads = 1; ortWeb.env.wasm.simd = true; ortWeb.env.wasm.proxy = false;
  var sessions = dirs.map(d => require(path.resolve(d, 'runtime.cjs')).load(fs.readFileSync(path.join(d, 'model.tnx'))));
  var rnd = seededRandom(1), feeds: Record<string, Float32Array> = {}, wf: Record<string, any> = {};
  for (var i of sessions[0].inputs) {
    var a = new Float32Array(i.shape.reduce((x: number, y: number) => x * y, 1));
    for (var j = 0; j < a.length; j++) a[j] = rnd() * 2 - 1;
    feeds[i.name] = a; wf[i.name] = new ortWeb.Tensor('float32', a, i.shape);
  }
  for (var k in consts) wf[k] = new ortWeb.Tensor('int64', BigInt64Array.from([BigInt(consts[k])]), []);
  var sw = await ortWeb.InferenceSession.create(fs.readFileSync(onnx), { executionProviders: ['wasm'] });
  var runners: { label: string; f: () => Promise<void> | void; t: number[] }[] = sessions.map((s, k) => ({ label: dirs[k], f: () => { s.run(feeds); }, t: [] as number[] }));
  runners.push({ label: 'onnxruntime-web', f: async () => { await sw.run(wf); }, t: [] });
  for (var r of runners) for (var w = 0; w < 3; w++) await r.f();
  for (var k2 = 0; k2 < rounds; k2++) for (var r of runners) {
    var t0 = performance.now(), n = 0;
    do { await r.f(); n++; } while (performance.now() - t0 < 100);
    r.t.push((performance.now() - t0) * 1000 / n);
  }
  var med = (x: number[]) => { var s = x.slice().sort((a, b) => a - b); return s[s.length >> 1]; };
  var base = med(runners[runners.length - 1].t);
  console.log(`${path.basename(onnx)}: median µs per inference over ${rounds} interleaved rounds, ratio to ort-web`);
  for (var r of runners) console.log('  ' + r.label.padEnd(40) + med(r.t).toFixed(1).padStart(10) + ' µs' + (med(r.t) / base).toFixed(2).padStart(8) + '×');
}
main();
