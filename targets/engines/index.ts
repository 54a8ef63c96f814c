// runInEngine(engine, buildDir, feeds, {repeat}) → { outputs, usPerInference, memoryBytes? }:
// runs a build in Node (in-process), QuickJS (quickjs-emscripten), Duktape (`duk`) or headless
// Chromium (playwright-core). Which bundle of the build each engine runs:
//   node      runtime.cjs, else runtime.mjs (import()), else runtime.js (a script)
//   quickjs   runtime.js (a script), else runtime.mjs (a module); {module: true} prefers .mjs
//   duktape   runtime.js of an espruino build (the only ES5 one)
//   espruino  the real Espruino (scripts/espruino.sh): an espruino build, uploaded to Storage
//   chromium  runtime.js in a <script> tag, else runtime.mjs; {module: true} prefers .mjs
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { userError } from '../../base/errors';
import { TypedArray } from '../../device/dtype';
import { Build, EngineName, EngineResult, Feeds, IOInfo, RunOptions, readBuild, modelIO, describeBundleChoice, ENGINES } from './common';
// The engines load on demand: quickjs-emscripten and playwright-core are only needed to use them.
type QuickJSMod = typeof import('./quickjs');
type DuktapeMod = typeof import('./duktape');
type ChromiumMod = typeof import('./chromium');
type EspruinoMod = typeof import('./espruino');
function engineModule<T>(file: string, pkg: string | null): T {
  try { return require(file); } catch (e: any) {
    if (pkg && e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(pkg))
      userError(`this engine needs the npm package ${pkg}: npm install ${pkg}`);
    throw e;
  }
}

import { espruinoFit } from '../espruinoFit';

export { ENGINES, EngineName, EngineResult, Feeds, RunOptions, readBuild, modelIO };

export function bundleFor(engine: EngineName, b: Build, opts: RunOptions = {}): string {
  switch (engine) {
    case 'node': return describeBundleChoice(engine, b, opts.module ? ['runtime.mjs', 'runtime.cjs'] : ['runtime.cjs', 'runtime.js', 'runtime.mjs']);   // a script before a module: no dynamic import needed
    case 'quickjs': return describeBundleChoice(engine, b, opts.module ? ['runtime.mjs', 'runtime.js'] : ['runtime.js', 'runtime.mjs']);
    case 'chromium': return describeBundleChoice(engine, b, opts.module ? ['runtime.mjs', 'runtime.js'] : ['runtime.js', 'runtime.mjs']);
    case 'espruino': case 'duktape':
      if (b.target !== 'espruino' || b.files.indexOf('runtime.js') < 0)
        userError(`${b.dir}: ${engine} runs ES5 bundles, and this build's target is ${b.target}; rebuild with --target espruino`);
      return 'runtime.js';
  }
  userError(`unknown engine '${engine}'; use one of ${ENGINES.join(', ')}`);
}

// Loads a build's bundle into this Node process.
export async function nodeApi(dir: string, file: string): Promise<any> {
  var abs = path.resolve(dir, file);
  if (file.endsWith('.cjs')) { delete require.cache[abs]; return require(abs); }
  if (file.endsWith('.mjs')) return new Function('u', 'return import(u)')(pathToFileURL(abs).href + '?t=' + fs.statSync(abs).mtimeMs);
  return new Function(fs.readFileSync(abs, 'utf8') + '\nreturn tinyonnx;')();
}

export function nodeRun(api: any, tnx: Uint8Array, feeds: Feeds, repeat: number) {
  var m0 = process.memoryUsage();
  var session = api.load(tnx);
  var out = session.run(feeds), outputs: Record<string, TypedArray> = {};
  for (var k in out) outputs[k] = out[k].slice();
  var m1 = process.memoryUsage();
  var t0 = process.hrtime.bigint();
  for (var r = 0; r < repeat; r++) session.run(feeds);
  var us = repeat > 0 ? Number(process.hrtime.bigint() - t0) / 1000 / repeat : NaN;
  var memoryBytes = Math.max(0, m1.heapUsed + m1.arrayBuffers - m0.heapUsed - m0.arrayBuffers);
  return { outputs, outputInfo: session.outputs as IOInfo[], usPerInference: us, memoryBytes };
}

export async function runInEngine(engine: EngineName, buildDir: string, feeds: Feeds, opts: RunOptions = {}): Promise<EngineResult> {
  var b = readBuild(buildDir);
  var file = bundleFor(engine, b, opts);
  var repeat = opts.repeat === undefined ? 1 : Math.max(0, opts.repeat | 0);
  var inputs = modelIO(b.tnx).inputs;
  var code = () => fs.readFileSync(path.join(buildDir, file), 'utf8');
  switch (engine) {
    case 'node': {
      var r = nodeRun(await nodeApi(buildDir, file), b.tnx, feeds, repeat);
      return { ...r, bundle: file, memoryNote: 'V8 heap and ArrayBuffers allocated by load and the first run (approximate)' };
    }
    case 'quickjs': {
      var { quickjsWithBundle, quickjsRun } = engineModule<QuickJSMod>('./quickjs', 'quickjs-emscripten');
      var q = await quickjsWithBundle(code(), file, { memoryLimit: opts.memoryLimit, stackLimit: opts.stackLimit, timeoutMs: opts.timeoutMs, module: file.endsWith('.mjs') });
      try {
        var qr = quickjsRun(q, b.tnx, feeds, inputs, repeat);
        return { ...qr, bundle: file, memoryNote: 'QuickJS memory_used_size after the runs (runtime, bundle, model copy, arena)' };
      } finally { q.dispose(); }
    }
    case 'duktape': {
      var { runDuk, haveDuk, DUK } = engineModule<DuktapeMod>('./duktape', null);
      if (!haveDuk()) userError(`duktape: '${DUK}' not found; install Debian's duktape package`);
      // As on the device: from an emulated Storage through loadFile, under Espruino's 64 KB
      // ArrayBuffer limits when the build says it fits a board (targets/espruinoFit.ts).
      var fit = espruinoFit(b.tnx);
      var [dr] = await runDuk(code(), [{ tnx: b.tnx, feeds, inputs, repeat, espruino: { limits: fit.fits } }], opts.timeoutMs);
      if (dr.error) throw new Error(`duktape: ${dr.error}`);
      return { outputs: dr.outputs, outputInfo: dr.outputInfo, usPerInference: dr.usPerInference, bundle: file,
        memoryNote: fit.fits ? 'not reported by this engine (ran under Espruino\'s 64 KB ArrayBuffer limits)' :
          'not reported by this engine (ran without Espruino\'s 64 KB ArrayBuffer limits, which this model exceeds: ' + fit.problems.join('; ') + ')' };
    }
    case 'espruino': {
      // the real interpreter, from Storage through the build's espruino-upload.js (targets/engines/espruino.ts)
      var { runEspruino } = engineModule<EspruinoMod>('./espruino', null);
      var er = await runEspruino(buildDir, [feeds], inputs, { repeat: Math.max(1, repeat), timeoutMs: opts.timeoutMs });
      var v = er.vars;
      return { outputs: er.frames[0], outputInfo: er.outputInfo, usPerInference: er.msPerInference * 1000, bundle: file,
        memoryBytes: v.run * v.blocksize, espruinoVars: v,
        memoryNote: `${v.run} of ${v.total} JsVars in use after a run (${v.loaded} after load, ${v.runtime} with only the runtime, ${v.base} before it), ${v.free} free; ${v.blocksize} bytes each` };
    }
    case 'chromium': {
      var { ChromiumEngine, haveChromium, CHROMIUM } = engineModule<ChromiumMod>('./chromium', 'playwright-core');
      if (!haveChromium()) userError(`chromium: ${CHROMIUM} not found; install Debian's chromium package`);
      var c = await ChromiumEngine.launch();
      try {
        var cr = await c.run(buildDir, file, feeds, inputs, repeat, opts.timeoutMs);
        return { outputs: cr.outputs, outputInfo: cr.outputInfo, usPerInference: cr.usPerInference, memoryBytes: cr.memoryBytes, bundle: file,
          memoryNote: 'V8 heap used plus ArrayBuffer backing stores of the page after the runs' };
      } finally { await c.close(); }
    }
  }
  userError(`unknown engine '${engine}'; use one of ${ENGINES.join(', ')}`);
}
