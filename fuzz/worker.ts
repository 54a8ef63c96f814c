// Fuzz worker (a child process of fuzz/main.ts): builds case `i` of a seed from the seed files
// deterministically, runs it through the converter (read → convert → emit → write) and the
// runtime (load + run on an all-kernels table), and reports how it ended. The parent kills it
// on a hang and starts another.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { protoType, readOnnx } from '../converter/readOnnx';
import { compileModel } from '../converter/pipeline';
import { createLoader, KernelTable } from '../device/runtime';
import { allKernels } from '../base/registry';
import { seededRandom } from '../base/inputs';
import * as D from '../device/dtype';
import { mutateOnnx, mutateBytes, mutateTnx, pick, Rng } from './mutate';
import { Seed, seeds } from './seeds';

export type Outcome = 'ok' | 'clean' | 'crash' | 'hang' | 'oom' | 'escape';
export interface Result { i: number; outcome: Outcome; kind: string; seed: string; mutation: string; message: string }

var MARKER = 'TINYONNX-OUTSIDE-SECRET-';   // the outside file's bytes: never in a .tnx, never read
var dir = fs.mkdtempSync(path.join(process.env.FUZZ_DIR || os.tmpdir(), 'tinyonnx-fuzz-'));   // the parent removes FUZZ_DIR
var caseDir = path.join(dir, 'case'), outside = path.join(dir, 'outside');
var load = createLoader(kernelTable());
var tnxSeeds: { name: string; bytes: Uint8Array }[] | null = null;
var opened: string[] = [];
var readSeed: (f: string) => Buffer = require('fs').readFileSync;   // seeds are ours: read before the watch

function fixtures() {
  fs.mkdirSync(caseDir); fs.mkdirSync(outside); fs.mkdirSync(path.join(caseDir, 'folder'));
  var secret = Buffer.alloc(1 << 12, MARKER);
  fs.writeFileSync(path.join(outside, 'secret.bin'), secret);
  fs.writeFileSync(path.join(caseDir, 'w.bin'), Buffer.from(new Float32Array(1024).map((_, i) => i % 7).buffer));
  fs.symlinkSync(path.join(outside, 'secret.bin'), path.join(caseDir, 'link-out.bin'));
  fs.symlinkSync(outside, path.join(caseDir, 'link-dir'));
  fs.symlinkSync('w.bin', path.join(caseDir, 'link-in.bin'));
  fs.symlinkSync('/dev/zero', path.join(caseDir, 'zero'));
  execFileSync('mkfifo', [path.join(caseDir, 'fifo')]);
}

// Every file the converter opens, to catch reads outside the case folder (and the repository).
function watchOpens() {
  var root = path.resolve(__dirname, '..', '..', '..'), seedFiles: Record<string, true> = Object.create(null);
  for (var sd of seeds()) seedFiles[fs.realpathSync(sd.file)] = true;
  var orig = fs.openSync, note = (p: any) => {
    var full = path.resolve(String(p));
    try { full = fs.realpathSync(full); } catch { /* not there: open fails anyway */ }
    if (!full.startsWith(caseDir + path.sep) && !full.startsWith(root + path.sep) && !seedFiles[full]) opened.push(full);
  };
  var real: any = require('fs'), origRead = real.readFileSync;   // the module object itself (the import is a view of it)
  real.openSync = function (p: any, ...rest: any[]) { note(p); return (orig as any).call(fs, p, ...rest); };
  real.readFileSync = function (p: any, ...rest: any[]) { if (typeof p !== 'number') note(p); return (origRead as any).call(fs, p, ...rest); };
}

function kernelTable(): KernelTable {
  var t: KernelTable = {};
  for (var [key, list] of allKernels()) {
    var byOpset = list.slice();
    t[key] = (node) => {
      var k = byOpset.find(k => node.opset >= k.meta.since && (k.meta.until === undefined || node.opset <= k.meta.until)) || byOpset[0];
      return k.prepare(node);
    };
  }
  return t;
}

function feedsFor(s: ReturnType<typeof load>) {
  var feeds: any = {};
  for (var io of s.inputs) {
    var code = D.DTYPE_NAME.indexOf(io.dtype), n = D.sizeOf(io.shape);
    feeds[io.name] = code === D.STRING ? new Array(n).fill('a') : D.newData(code, n);
  }
  return feeds;
}

function runTnx(bytes: Uint8Array) {
  var s = load(bytes);
  s.run(feedsFor(s));
  s.run(feedsFor(s));
}

function convertCase(seed: Seed, bytes: Uint8Array): Uint8Array {
  var file = path.join(caseDir, 'model.onnx');
  fs.writeFileSync(file, bytes);
  var tnx = compileModel(readOnnx(file), { shapes: { ...seed.shapes }, consts: { ...seed.consts } }).tnx;
  if (Buffer.from(tnx).includes(MARKER)) throw Object.assign(new Error('outside bytes in model.tnx'), { escape: true });
  return tnx;
}

// A clean error: ours (UserError) or a plain Error, on one line, saying something.
function classify(e: any): [Outcome, string] {
  var msg = String(e && e.message !== undefined ? e.message : e);
  if (e && e.escape) return ['escape', msg];
  if (/allocation failed|out of memory/i.test(msg)) return ['oom', msg];
  var plain = e && (e.name === 'UserError' || e.constructor === Error);
  var bad = /\n/.test(msg) || /Cannot read|is not a function|is not iterable|Invalid typed array|Invalid array length|out of bounds|\[object Object\]|\bundefined\b|\bNaN\b|Maximum call stack/.test(msg.replace(/'(?:[^'\\]|\\.)*'/g, "''"));   // names may say 'undefined'
  return [plain && !bad && msg.length > 0 ? 'clean' : 'crash', (e && e.constructor ? e.constructor.name + ': ' : '') + msg.split('\n')[0].slice(0, 300)];
}

// `started(ms)`: how long this case may take before the parent calls it a hang.
export function runCase(seedNo: number, i: number, started: (ms: number) => void): Result {
  var r: Rng = seededRandom((seedNo * 1000003 + i * 7919) >>> 0), list = seeds();
  var res: Result = { i, outcome: 'ok', kind: '', seed: '', mutation: '', message: '' };
  opened = [];
  try {
    if (r() < 0.3) {
      var ts = pick(r, tnxSeeds!), tb = ts.bytes.slice();
      started(2000);
      res.kind = 'tnx'; res.seed = ts.name;
      res.mutation = r() < 0.7 ? mutateTnx(r, tb) : (tb = mutateBytes(r, tb), 'bytes');
      runTnx(tb);
    } else {
      var seed = pick(r, r() < 0.15 ? list.filter(s => s.real) : list.filter(s => !s.real));
      var bytes: Uint8Array = readSeed(seed.file);
      res.kind = 'onnx'; res.seed = seed.name;
      started(seed.real ? 6000 : 2000);   // real models: 2 s beyond their own conversion time (up to 4 s on a busy machine)
      if (r() < 0.8) {
        var T = protoType('ModelProto'), m: any = T.decode(bytes), muts: string[] = [];
        for (var k = 0, c = 1 + Math.floor(r() * 3); k < c; k++) muts.push(mutateOnnx(r, m));
        res.mutation = muts.join(', ');
        bytes = T.encode(m).finish();
      } else { bytes = mutateBytes(r, bytes); res.mutation = 'bytes'; }
      runTnx(convertCase(seed, bytes));
    }
  } catch (e) {
    [res.outcome, res.message] = classify(e);
  }
  if (opened.length) { res.outcome = 'escape'; res.message = 'opened ' + opened[0]; }
  return res;
}

fixtures();
tnxSeeds = [];
for (var ts of seeds()) if (ts.tnx) {
  try { tnxSeeds.push({ name: ts.name, bytes: convertCase(ts, readSeed(ts.file)) }); } catch { /* a seed this version cannot build: not a .tnx seed */ }
}
watchOpens();
process.on('message', (msg: any) => {
  if (msg && msg.stop) { fs.rmSync(dir, { recursive: true, force: true }); process.exit(0); }
  var out = runCase(msg.seed, msg.i, (ms) => process.send!({ started: msg.i, budget: ms }));
  process.send!(out);
});
process.on('exit', () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* already gone */ } });
process.send!({ ready: true });
