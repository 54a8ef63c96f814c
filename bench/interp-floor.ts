// How fast can an interpreter multiply-add at all? In QuickJS (quickjs-emscripten) and Duktape
// (`duk`), the same script times, over alexa's first layer (a 1536 x 128 matrix-vector product):
//   floor   the least work a multiply-add can be in JS: one load from a typed array at an index
//           held in a local, one multiply, one add into a chained sum; gemm's dots8 loop with
//           the vector's loads taken out (a constant in their place), so nothing else is left;
//   gemm    the runtime's own gemm (dist/device, so run `npm run build` first) on that product:
//           Gemm with transB and one row, its dots8 path.
// and prints ns per multiply-add and what alexa's 213,120 multiply-adds cost at that rate, next to
// issue 11's goal for the engine (half of its 7.6 ms in QuickJS, 8.7 ms in Duktape). A benchmark,
// not a test: it asserts nothing.
// With --before ROOT (a checkout with dist built, e.g. one at the commit issue 11 measured from),
// that gemm is timed in the same script too, and before/floor is the most any JS kernel could
// gain on it in this engine, whatever the machine's speed at the time.
//   tsx bench/interp-floor.ts [--before ROOT] [--rounds N]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { getQuickJS } from 'quickjs-emscripten';
import { DUK, haveDuk } from '../targets/engines/duktape';

var K = 1536, N = 128, ALEXA_MACS = 213120, EMBEDDING_MACS = 41955840;
// issue 11: at least 2x faster than its figures (alexa 7.6 / 8.7 ms, embedding_model 812 / 773 ms)
var GOAL_MS: Record<string, { alexa: number; embedding: number }> = {
  quickjs: { alexa: 7.6 / 2, embedding: 812 / 2 }, duktape: { alexa: 8.7 / 2, embedding: 773 / 2 } };

// The kernel's module as a function returning its gemm (ES5, so every engine parses it).
function gemmOf(file: string): string {
  var code = fs.readFileSync(file, 'utf8').replace(/^export /gm, '').replace(/^import .*$/gm, '').replace(/^\/\/# sourceMappingURL.*$/gm, '');
  return `(function () {\n${code}\nreturn gemm;\n})()`;
}

function script(gemmFile: string, beforeFile: string | null, rounds: number): string {
  return `
var gemm = ${gemmOf(gemmFile)}, gemmBefore = ${beforeFile ? gemmOf(beforeFile) : 'null'};
var K = ${K}, N = ${N};
var W = new Float32Array(K * N), X = new Float32Array(K), Y = new Float32Array(N);
for (var i = 0; i < K * N; i++) W[i] = Math.sin(i) * 0.1;
for (var i = 0; i < K; i++) X[i] = Math.cos(i);
var V = []; for (var r = 0; r < N; r++) V.push(W.subarray(r * K, r * K + K));
// (bounds in locals: a global's read is a lookup in both engines)
function floor() {
  var u = 0.5, s = 0, K = ${K}, N = ${N};
  for (var n = 0; n < N; n += 8) {
    var v0 = V[n], v1 = V[n + 1], v2 = V[n + 2], v3 = V[n + 3], v4 = V[n + 4], v5 = V[n + 5], v6 = V[n + 6], v7 = V[n + 7];
    var t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
    for (var i = 0, j = 1, k = 2, l = 3; i < K; i += 4, j += 4, k += 4, l += 4) {
      t0 = t0 + u * v0[i] + u * v0[j] + u * v0[k] + u * v0[l]; t1 = t1 + u * v1[i] + u * v1[j] + u * v1[k] + u * v1[l];
      t2 = t2 + u * v2[i] + u * v2[j] + u * v2[k] + u * v2[l]; t3 = t3 + u * v3[i] + u * v3[j] + u * v3[k] + u * v3[l];
      t4 = t4 + u * v4[i] + u * v4[j] + u * v4[k] + u * v4[l]; t5 = t5 + u * v5[i] + u * v5[j] + u * v5[k] + u * v5[l];
      t6 = t6 + u * v6[i] + u * v6[j] + u * v6[k] + u * v6[l]; t7 = t7 + u * v7[i] + u * v7[j] + u * v7[k] + u * v7[l];
    }
    s += t0 + t1 + t2 + t3 + t4 + t5 + t6 + t7;
  }
  return s;
}
// a register tile with nothing to load: 8 sums, two products each per step, every operand a local
function tile() {
  var v = 0.5, w = 0.25, b0 = 0.1, b1 = 0.2, b2 = 0.3, b3 = 0.4, b4 = 0.5, b5 = 0.6, b6 = 0.7, b7 = 0.8, c0 = 1.1, c1 = 1.2, c2 = 1.3, c3 = 1.4, c4 = 1.5, c5 = 1.6, c6 = 1.7, c7 = 1.8;
  var s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, e = ${K * N / 16};
  for (var k = 0; k < e; k++) {
    s0 = s0 + v * b0 + w * c0; s1 = s1 + v * b1 + w * c1; s2 = s2 + v * b2 + w * c2; s3 = s3 + v * b3 + w * c3;
    s4 = s4 + v * b4 + w * c4; s5 = s5 + v * b5 + w * c5; s6 = s6 + v * b6 + w * c6; s7 = s7 + v * b7 + w * c7;
  }
  return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}
function product() { gemm(1, N, K, X, 0, K, 1, W, 0, 1, K, Y, 0, N, 1, null, 0, false); }
function productBefore() { gemmBefore(1, N, K, X, 0, K, 1, W, 0, 1, K, Y, 0, N, 1, null, 0, false); }
function best(f) {
  var b = 1e9;
  for (var r = 0; r < 3; r++) { var t = Date.now(), n = 0; do { f(); n++; } while (Date.now() - t < 150); var ms = (Date.now() - t) / n; if (ms < b) b = ms; }
  return b;
}
var out = { floor: 1e9, gemm: 1e9, before: 1e9, tile: 1e9 };
for (var round = 0; round < ${rounds}; round++) {
  var a = best(floor), g = best(product), b = gemmBefore ? best(productBefore) : 1e9, t = best(tile);
  if (t < out.tile) out.tile = t;
  if (a < out.floor) out.floor = a;
  if (g < out.gemm) out.gemm = g;
  if (b < out.before) out.before = b;
}
print(JSON.stringify(out));
`;
}

async function inQuickJS(src: string): Promise<string> {
  var vm = (await getQuickJS()).newContext(), out = '';
  var pr = vm.newFunction('print', h => { out += vm.getString(h) + '\n'; });
  vm.setProp(vm.global, 'print', pr); pr.dispose();
  var r = vm.evalCode(src);
  if (r.error) { var e = vm.dump(r.error); r.error.dispose(); vm.dispose(); throw new Error('QuickJS: ' + JSON.stringify(e)); }
  r.value.dispose(); vm.dispose();
  return out;
}

function inDuktape(src: string): string {
  var file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-floor-')), 'floor.js');
  fs.writeFileSync(file, src);
  var r = spawnSync(DUK, [file], { encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error('duk: ' + (r.stderr || r.stdout));
  return r.stdout;
}

(async () => {
  var args = process.argv.slice(2), ri = args.indexOf('--rounds'), rounds = ri >= 0 ? +args[ri + 1] : 3;
  var bi = args.indexOf('--before'), before = bi >= 0 ? path.resolve(args[bi + 1]) : null;
  var rel = 'dist/device/device/kernels/nn/gemmCore.js', gemmFile = path.join(__dirname, '..', rel);
  var beforeFile = before ? path.join(before, rel) : null;
  for (var f of [gemmFile, beforeFile]) if (f && !fs.existsSync(f)) { console.error(`interp-floor: ${f} is missing: build that checkout first (npm run build)`); process.exit(1); }
  var src = script(gemmFile, beforeFile, rounds);
  var engines: [string, () => Promise<string> | string][] = [['quickjs', () => inQuickJS(src)]];
  if (haveDuk()) engines.push(['duktape', () => inDuktape(src)]);
  else console.log('interp-floor: duk not found (Debian package duktape), Duktape left out');
  var rows: { name: string; r: any }[] = [];
  for (var [name, run] of engines) rows.push({ name, r: JSON.parse(String(await run()).trim().split('\n').pop()!) });
  var ns = (ms: number, macs: number) => ms * 1e6 / macs, col = (x: number, w: number) => x.toFixed(1).padStart(w);
  console.log(`alexa's ${K} x ${N} matrix-vector product (92% of its multiply-adds), ns per multiply-add, best of ${rounds} rounds` + (before ? `; before = ${before}` : ''));
  console.log('  engine     floor   gemm' + (before ? '  before  before/floor' : '') + '  alexa at the floor  issue goal');
  for (var { name, r } of rows) {
    var line = `  ${name.padEnd(8)} ${col(ns(r.floor, K * N), 6)} ${col(ns(r.gemm, K * N), 6)}`;
    if (before) line += ` ${col(ns(r.before, K * N), 7)}  ${(r.before / r.floor).toFixed(2).padStart(11)}×`;
    console.log(line + `  ${(ns(r.floor, K * N) * ALEXA_MACS / 1e6).toFixed(2).padStart(15)} ms  ${GOAL_MS[name].alexa.toFixed(2).padStart(7)} ms`);
  }
  console.log('a register tile with nothing to load (two chained products per sum), ns per multiply-add; embedding_model');
  console.log(`with every one of its ${EMBEDDING_MACS.toLocaleString('en-US')} products halved (Winograd F(4,3) halves only its 3-tap convs'):`);
  console.log('  engine    tile  embedding at the tile  issue goal');
  for (var { name, r } of rows) {
    var t = ns(r.tile, K * N);
    console.log(`  ${name.padEnd(8)} ${col(t, 5)}  ${(t * EMBEDDING_MACS / 2 / 1e6).toFixed(0).padStart(18)} ms  ${GOAL_MS[name].embedding.toFixed(0).padStart(7)} ms`);
  }
})().catch(e => { console.error(e.message); process.exit(1); });
