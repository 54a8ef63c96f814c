// npm run fuzz -- --seed N --cases N [--jobs 2] [--case I] [--verbose]
// Seeded fuzzing of the converter and the runtime (fuzz/worker.ts runs each case; fuzz/mutate.ts
// makes it). Cases run in child processes: one that takes longer than the hang limit (2 s, plus
// the unmutated conversion time for the real models) is killed and counted as a hang; a child
// that dies of memory is counted as out-of-memory. Prints the counts and one line per distinct
// failure; exits 1 on any crash, hang, out-of-memory or read outside the model's folder.
import { fork, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Result, Outcome } from './worker';

var HANG_MS = 2000, REAL_MS = 4000;

function args() {
  var a = process.argv.slice(2), o: Record<string, string> = {};
  for (var i = 0; i < a.length; i++) {
    var m = /^--([a-z-]+)(?:=(.*))?$/.exec(a[i]);
    if (!m) { console.error(`fuzz: unexpected argument '${a[i]}'; usage: npm run fuzz -- --seed N --cases N [--jobs N] [--case I] [--verbose]`); process.exit(1); }
    o[m[1]] = m[2] !== undefined ? m[2] : a[i + 1] && !a[i + 1].startsWith('--') ? a[++i] : 'true';
  }
  var n = (k: string, d: number) => {
    var v = o[k] === undefined ? d : Number(o[k]);
    if (!Number.isInteger(v) || v < 0) { console.error(`fuzz: --${k} must be a whole number, got '${o[k]}'`); process.exit(1); }
    return v;
  };
  return { seed: n('seed', 1), cases: n('cases', 200), jobs: Math.max(1, n('jobs', 2)), only: o.case !== undefined ? n('case', 0) : -1, verbose: o.verbose === 'true' };
}

interface Slot { child: ChildProcess; busy: number; timer: NodeJS.Timeout | null; stderr: string; ready: boolean }

export async function main() {
  var opt = args(), t0 = Date.now();
  var work = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-fuzzrun-'));
  var queue: number[] = [], total = 0;
  if (opt.only >= 0) queue.push(opt.only); else for (var i = 0; i < opt.cases; i++) queue.push(i);
  total = queue.length;
  var counts: Record<Outcome, number> = { ok: 0, clean: 0, crash: 0, hang: 0, oom: 0, escape: 0 };
  var distinct = new Map<string, Result & { count: number }>();
  var record = (r: Result) => {
    counts[r.outcome]++;
    if (opt.verbose) console.log(`case ${r.i} [${r.kind} ${r.seed}: ${r.mutation}] ${r.outcome}${r.message ? ': ' + r.message : ''}`);
    if (r.outcome === 'ok' || r.outcome === 'clean') return;
    var key = r.outcome + ' ' + r.message.replace(/\d+/g, 'N').replace(/'[^']*'/g, "'…'").slice(0, 160);
    var d = distinct.get(key);
    if (d) d.count++; else distinct.set(key, { ...r, count: 1 });
  };
  await new Promise<void>((done) => {
    var slots: Slot[] = [], left = queue.length, stopping = false, retried = new Set<number>();
    var finish = (s: Slot, r: Result) => {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null; s.busy = -1;
      record(r);
      if (--left === 0) { stopping = true; for (var x of slots) x.child.kill('SIGKILL'); done(); } else if (s.ready) next(s);
    };
    var next = (s: Slot) => {
      var i = queue.shift();
      if (i === undefined) return;
      s.busy = i;
      s.child.send({ seed: opt.seed, i });
      s.timer = setTimeout(() => { s.child.kill('SIGKILL'); }, HANG_MS + REAL_MS);   // the child says sooner which limit applies
    };
    var spawn = (s: Slot | null): Slot => {
      var child = fork(path.join(__dirname, 'worker.js'), [], { env: { ...process.env, FUZZ_DIR: work }, execArgv: ['--max-old-space-size=1024'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      var slot: Slot = s || { child, busy: -1, timer: null, stderr: '', ready: false };
      slot.child = child; slot.stderr = ''; slot.ready = false;
      child.stderr!.on('data', (b) => { slot.stderr = (slot.stderr + b).slice(-4000); });
      child.on('message', (m: any) => {
        if (m.ready) { slot.ready = true; return next(slot); }
        if (m.started !== undefined) {
          if (slot.timer) clearTimeout(slot.timer);
          slot.timer = setTimeout(() => child.kill('SIGKILL'), m.budget);
          return;
        }
        finish(slot, m as Result);
      });
      child.on('exit', (code, signal) => {
        if (slot.child !== child || stopping) return;
        if (!slot.ready) { console.error(`fuzz: a worker stopped before its first case: ${slot.stderr}`); fs.rmSync(work, { recursive: true, force: true }); process.exit(2); }
        if (slot.busy < 0) { spawn(slot); return; }
        var hang = signal === 'SIGKILL' && slot.timer !== null;
        var oom = /heap out of memory|allocation failed|Out of memory/i.test(slot.stderr);
        var i = slot.busy;
        spawn(slot);
        if (hang && !oom && !retried.has(i)) {   // a busy machine can stall a case: a real hang hangs again, in a fresh worker
          retried.add(i); queue.unshift(i);
          if (slot.timer) clearTimeout(slot.timer);
          slot.timer = null; slot.busy = -1;
          return;
        }
        finish(slot, { i, outcome: hang && !oom ? 'hang' : oom ? 'oom' : 'crash', kind: '', seed: '', mutation: '',
          message: hang ? 'no answer within the time limit' : `worker died (${signal || 'exit ' + code}): ${slot.stderr.split('\n').filter(Boolean).pop() || ''}` });
      });
      return slot;
    };
    for (var j = 0; j < Math.min(opt.jobs, queue.length); j++) slots.push(spawn(null));
    if (!left) done();
  });
  fs.rmSync(work, { recursive: true, force: true });
  var secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`fuzz: seed ${opt.seed}, ${total} cases in ${secs} s: ` +
    `${counts.ok} ok, ${counts.clean} clean error, ${counts.crash} crash, ${counts.hang} hang, ${counts.oom} out of memory, ${counts.escape} outside-file read`);
  for (var d of distinct.values()) console.log(`  ${d.count} x ${d.outcome}: case ${d.i} [${d.kind} ${d.seed}: ${d.mutation}] ${d.message}`);
  process.exitCode = counts.crash + counts.hang + counts.oom + counts.escape ? 1 : 0;
}

main();
