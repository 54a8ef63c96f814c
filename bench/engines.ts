// The engines table of `npm run bench`: ms per inference of four real models in the interpreters —
// QuickJS (quickjs-emscripten, the quickjs build's runtime.js), Duktape (`duk`, the espruino build's
// runtime.js, under Espruino's ArrayBuffer limits where the model fits a board) and, when its binary
// is built (bash scripts/espruino.sh), the real Espruino with its natives and with the JS loops only
// (the same run, natives hidden). With --before ROOT, the same models are also built by another
// checkout's compiled tinyonnx (ROOT/dist, e.g. main's) and timed in the same run, interleaved
// round by round with this checkout's builds, so the ratio is what to read on a shared machine.
// A benchmark, not a test: it prints figures and asserts nothing.
//   tsx bench/engines.ts [--before ROOT] [--rounds N] [--slice-ms MS] [--no-espruino] [model names...]
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { spawnSync } from 'child_process';
import { MODELS, randomFeeds, ModelSpec } from '../test/models';
import { runInEngine } from '../targets/engines';
import { haveDuk } from '../targets/engines/duktape';
import { espruinoBinary, runEspruino } from '../targets/engines/espruino';
import { modelIO, readBuild } from '../targets/engines/common';

var DEFAULT_MODELS = ['alexa_v0.1', 'silero_vad_v5', 'melspectrogram', 'embedding_model'];
var HERE = path.join(__dirname, '..');

function flag(args: string[], name: string): string | undefined {
  var i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
}

interface Side { label: string; root: string; dirs: Record<string, Record<string, string>> }   // model → target → build dir

function buildWith(root: string, spec: ModelSpec, target: string, dir: string): string | null {
  var file = path.join(root, 'dist/host/api/build.js');
  var args = JSON.stringify({ input: spec.file, outDir: dir, shapes: spec.shapes, consts: spec.consts, target });
  var r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)}).build(${args}).catch(e => { console.error(e.message); process.exit(1); })`], { encoding: 'utf8' });
  return r.status === 0 ? null : String(r.stderr).trim().split('\n')[0];
}

function median(xs: number[]) { var s = xs.slice().sort((a, b) => a - b); return s[s.length >> 1]; }

(async () => {
  var args = process.argv.slice(2);
  var before = flag(args, '--before'), rounds = +(flag(args, '--rounds') || 3), sliceMs = +(flag(args, '--slice-ms') || 400);
  var noEsp = args.indexOf('--no-espruino') >= 0;
  args = args.filter(a => a !== '--no-espruino');
  var names = args.length ? args : DEFAULT_MODELS;
  var specs = names.map(n => { var s = MODELS.find(m => m.name === n); if (!s) throw new Error(`no model '${n}' in test/models.json`); return s; });
  var sides: Side[] = [];
  if (before) sides.push({ label: 'before', root: path.resolve(before), dirs: {} });
  sides.push({ label: before ? 'after' : 'ms', root: HERE, dirs: {} });
  var tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-engines-'));
  var engines: string[] = ['quickjs'];
  if (haveDuk()) engines.push('duktape'); else console.log('engines: duk not found, Duktape left out');
  var esp = noEsp ? { why: '--no-espruino' } : espruinoBinary();
  if (!esp.path) console.log(`engines: no Espruino binary (${esp.why}), Espruino left out`);

  for (var s of sides) for (var spec of specs) {
    s.dirs[spec.name] = {};
    for (var target of ['quickjs', 'espruino']) {
      var dir = path.join(tmp, `${s.label}-${spec.name}-${target}`);
      var err = buildWith(s.root, spec, target, dir);
      if (err) console.log(`  ${s.label} ${spec.name} --target ${target}: build failed: ${err}`);
      else s.dirs[spec.name][target] = dir;
    }
  }

  // samples[model][engine][side] = ms per inference, one per round
  var samples: Record<string, Record<string, number[][]>> = {}, errors: Record<string, string> = {};
  var reps: Record<string, number> = {};
  var feedsOf = (spec: ModelSpec) => randomFeeds(spec, 1);
  async function timeOne(spec: ModelSpec, engine: string, side: number): Promise<number> {
    var dir = sides[side].dirs[spec.name][engine === 'quickjs' ? 'quickjs' : 'espruino'];
    if (!dir) throw new Error('not built');
    var key = spec.name + ' ' + engine, n = reps[key] || 1;
    var r = await runInEngine(engine as any, dir, feedsOf(spec), { repeat: n });
    var ms = r.usPerInference / 1000;
    if (!reps[key]) reps[key] = Math.max(1, Math.min(200, Math.round(sliceMs / ms)));
    return ms;
  }
  console.log(`${rounds} interleaved rounds; median ms per inference` + (before ? `; before = ${before}` : ''));
  for (var spec of specs) {
    samples[spec.name] = {};
    for (var engine of engines) samples[spec.name][engine] = sides.map(() => []);
    for (var engine of engines) for (var k = 0; k < sides.length; k++)   // warm-up: sets the repeat count
      try { await timeOne(spec, engine, k); } catch (e: any) { errors[spec.name + ' ' + engine + ' ' + k] = String(e.message).split('\n')[0]; }
    for (var r = 0; r < rounds; r++) for (var engine of engines) for (var k = 0; k < sides.length; k++) {
      if (errors[spec.name + ' ' + engine + ' ' + k]) continue;
      try { samples[spec.name][engine][k].push(await timeOne(spec, engine, k)); } catch (e: any) { errors[spec.name + ' ' + engine + ' ' + k] = String(e.message).split('\n')[0]; }
    }
  }

  // Espruino: one run per build (slow); natives and JS loops only in the same run.
  var espMs: Record<string, { nat: number; js: number; vars: number }[]> = {};
  if (esp.path) for (var spec of specs) {
    espMs[spec.name] = [];
    for (var k = 0; k < sides.length; k++) {
      var dir = sides[k].dirs[spec.name].espruino;
      try {
        if (!dir) throw new Error('not built');
        var io = modelIO(readBuild(dir).tnx);
        var er = await runEspruino(dir, [feedsOf(spec)], io.inputs, { repeat: 1, jsOnly: true, timeoutMs: 900000 });
        espMs[spec.name][k] = { nat: er.msPerInference, js: er.jsOnly ? er.jsOnly.msPerInference : NaN, vars: er.vars.run };
      } catch (e: any) { errors[spec.name + ' espruino ' + k] = String(e.message).split('\n')[0]; }
    }
  }

  var cols = ['model', 'engine'].concat(sides.map(s => s.label + ' ms')).concat(before ? ['before/after'] : []);
  var rows: string[][] = [cols];
  var fmt = (x: number | undefined) => (x === undefined || isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
  for (var spec of specs) {
    for (var engine of engines) {
      var m = samples[spec.name][engine].map(xs => (xs.length ? median(xs) : NaN));
      rows.push([spec.name, engine].concat(m.map(fmt)).concat(before ? [isNaN(m[0] / m[1]) ? '-' : (m[0] / m[1]).toFixed(2) + '×'] : []));
    }
    if (espMs[spec.name]) for (var which of ['nat', 'js'] as const) {
      var e = sides.map((_, k) => (espMs[spec.name][k] ? espMs[spec.name][k][which] : NaN));
      rows.push([spec.name, which === 'nat' ? 'espruino' : 'espruino js-only'].concat(e.map(fmt)).concat(before ? [isNaN(e[0] / e[1]) ? '-' : (e[0] / e[1]).toFixed(2) + '×'] : []));
    }
  }
  var w = cols.map((_, c) => Math.max(...rows.map(r => r[c].length)));
  for (var row of rows) console.log('  ' + row.map((x, c) => (c < 2 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  '));
  for (var key in errors) console.log(`  ${key}: ${errors[key]}`);
  if (esp.path) for (var spec of specs) if (espMs[spec.name]) espMs[spec.name].forEach((v, k) => v && console.log(`  espruino ${spec.name} ${sides[k].label}: ${v.vars} JsVars after a run`));
  fs.rmSync(tmp, { recursive: true, force: true });
})();
