// Issue 6: the same model runs in Node, QuickJS (quickjs-emscripten), Duktape (the ES5 stand-in for
// Espruino) and headless Chromium (a mobile WebView), each from its own target's build, with the
// same outputs as Node (float: within 1e-6 relative). Plus the QuickJS memory limit, the
// Espruino upload/example files, the QuickJS and WebView glue, and `run --engine`.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { modelSpec, randomFeeds, sineSweep, ModelSpec } from './models';
import { buildSpec, TMP } from './buildCache';
import { closeTo } from './reference';
import { agree, ESPRUINO_EMULATION, QJS_STD_EMULATION } from './targetsShared';
import { runInEngine, modelIO } from '../targets/engines/index';
import { ChromiumEngine, haveChromium } from '../targets/engines/chromium';
import { haveDuk, DUK } from '../targets/engines/duktape';
import { QuickJSVM, quickjsWithBundle, quickjsRun } from '../targets/engines/quickjs';
import { DRIVER, b64, bytesOf } from '../targets/engines/common';
import { espruinoNames } from '../targets/extras';
import { readModel } from '../device/reader';

var ROOT = path.join(__dirname, '..');

// Real engines only: a missing one fails loudly (CI installs duktape and chromium).
if (!haveDuk()) throw new Error(`'${DUK}' is not installed (apt-get install duktape); the target tests need it`);
if (!haveChromium()) throw new Error('/usr/bin/chromium is not installed (apt-get install chromium); the target tests need it');

function feedsFor(spec: ModelSpec): Record<string, Float32Array> {
  if (spec.name === 'melspectrogram') return { input: sineSweep(1760) };
  if (spec.name === 'silero_vad_v5') return { input: sineSweep(512, 3000), state: randomFeeds(spec, 11, 0.1).state };
  return randomFeeds(spec, 7);
}

function expectAgree(outputs: Record<string, ArrayLike<number>>, ref: Record<string, ArrayLike<number>>, engine: string) {
  expect(Object.keys(outputs).sort(), engine).toEqual(Object.keys(ref).sort());
  for (var k in ref) {
    var r = agree(outputs[k], ref[k], ref[k] instanceof Float32Array || ref[k] instanceof Float64Array);
    expect(r.ok, `${engine} output '${k}': ${r.msg}`).toBe(true);
  }
}

var chromium: ChromiumEngine;
beforeAll(async () => { chromium = await ChromiumEngine.launch(); }, 120000);
afterAll(async () => { if (chromium) await chromium.close(); });

describe.each(['melspectrogram', 'embedding_model', 'alexa_v0.1', 'silero_vad_v5'])('%s in every engine', (name) => {
  var spec = modelSpec(name);
  var feeds = feedsFor(spec);
  var dirs: Record<string, string> = {};
  var ref: Record<string, ArrayLike<number>>;

  // Node and the webview run the WebAssembly core (float32 sums); QuickJS and Duktape run the JS
  // kernels on their own builds, so each is held to Node running that same build.
  beforeAll(async () => {
    for (var t of ['node', 'quickjs', 'espruino', 'webview']) dirs[t] = (await buildSpec(spec, { target: t })).dir;
    ref = (await runInEngine('node', dirs.node, feeds, { repeat: 0 })).outputs;
  }, 240000);

  // Interpreter targets may compute a DFT-basis convolution as an FFT where node keeps the
  // product (converter/passes/recognizeDft.ts), so QuickJS is held to Node running that same build.
  it('QuickJS runs the quickjs build (runtime.js) like Node', async () => {
    var r = await runInEngine('quickjs', dirs.quickjs, feeds, { repeat: 0, stackLimit: 512 * 1024 });
    expect(r.bundle).toBe('runtime.js');
    var same = (await runInEngine('node', dirs.quickjs, feeds, { repeat: 0 })).outputs;
    expectAgree(r.outputs, same, 'quickjs');
    for (var k in ref) { var c = closeTo(same[k], ref[k]); expect(c.ok, `quickjs build vs node build '${k}': ${c.msg}`).toBe(true); }
  }, 120000);

  // An espruino build may differ from the others (weights split, LSTMs lowered: test/espruino.test.ts),
  // so Duktape is held to Node running that same build.
  it('Duktape runs the espruino build (ES5 runtime.js) like Node', async () => {
    var r = await runInEngine('duktape', dirs.espruino, feeds, { repeat: 0 });
    expectAgree(r.outputs, (await runInEngine('node', dirs.espruino, feeds, { repeat: 0 })).outputs, 'duktape');
  }, 120000);

  it('Chromium (mobile) runs the webview build (IIFE runtime.js, loadUrl) like Node', async () => {
    var io = modelIO(new Uint8Array(fs.readFileSync(path.join(dirs.webview, 'model.tnx'))));
    var r = await chromium.run(dirs.webview, 'runtime.js', feeds, io.inputs, 0);
    expect(r.userAgent).toMatch(/Android.*Mobile/);
    expect(r.viewport).toEqual([412, 915]);
    expectAgree(r.outputs, ref, 'chromium');
  }, 120000);
});

describe('targets: module formats and glue', () => {
  var alexa = modelSpec('alexa_v0.1');
  var feeds = feedsFor(alexa);
  var dirs: Record<string, string> = {};
  var ref: Record<string, ArrayLike<number>>;
  // ref: Node on the JS kernels (what QuickJS and Duktape run); refWasm: Node on the WebAssembly
  // core (what the webview build runs in Chromium).
  var refWasm: Record<string, ArrayLike<number>>;
  beforeAll(async () => {
    for (var t of ['node', 'quickjs', 'espruino', 'webview']) dirs[t] = (await buildSpec(alexa, { target: t })).dir;
    ref = (await runInEngine('node', (await buildSpec(alexa, { target: 'node', wasm: false })).dir, feeds, { repeat: 0 })).outputs;
    refWasm = (await runInEngine('node', dirs.node, feeds, { repeat: 0 })).outputs;
  }, 240000);

  it('each target writes its files', () => {
    var files = (t: string) => fs.readdirSync(dirs[t]).filter(f => !f.endsWith('.map')).sort();
    expect(files('node')).toEqual(['model.tnx', 'ops.json', 'runtime.cjs', 'runtime.d.ts', 'runtime.mjs', 'size-report.json']);
    expect(files('quickjs')).toEqual(['model.tnx', 'ops.json', 'runtime.d.ts', 'runtime.js', 'runtime.mjs', 'size-report.json']);
    expect(files('webview')).toEqual(['model.tnx', 'ops.json', 'runtime.d.ts', 'runtime.js', 'runtime.mjs', 'size-report.json']);
    expect(files('espruino')).toEqual(['espruino-example.js', 'espruino-upload.js', 'model.tnx', 'ops.json', 'runtime.d.ts', 'runtime.js', 'size-report.json']);
  });

  it('the espruino runtime.js defines exactly one global, tinyonnx, with load and loadFile', () => {
    var code = fs.readFileSync(path.join(dirs.espruino, 'runtime.js'), 'utf8');
    // snapshot the global object, then evaluate the bundle as a script of its own
    var file = path.join(TMP, 'espruino-globals.js');
    fs.writeFileSync(file, `var before = Object.getOwnPropertyNames(this), added = [];\n(0, eval)(${JSON.stringify(code)});\n` +
      `Object.getOwnPropertyNames(this).forEach(function (k) { if (before.indexOf(k) < 0) added.push(k); });\n` +
      `print(JSON.stringify([added, typeof tinyonnx.load, typeof tinyonnx.loadFile, Object.keys(tinyonnx).sort()]));\n`);
    var r = spawnSync(DUK, [file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([['tinyonnx'], 'function', 'function', ['load', 'loadFile']]);
  });

  it('the node bundle has no glue, and glue reaches only its own target', () => {
    var has = (t: string, f: string, s: string) => fs.readFileSync(path.join(dirs[t], f), 'utf8').includes(s);
    expect(has('node', 'runtime.cjs', 'Storage') || has('node', 'runtime.cjs', 'loadFile') || has('node', 'runtime.cjs', 'fetch(')).toBe(false);
    expect(has('espruino', 'runtime.js', 'toArrayBuffer')).toBe(true);
    expect(has('quickjs', 'runtime.js', 'toArrayBuffer') || has('webview', 'runtime.js', 'toArrayBuffer')).toBe(false);
    expect(has('quickjs', 'runtime.mjs', 'SEEK_END') && !has('espruino', 'runtime.js', 'SEEK_END')).toBe(true);
    expect(has('webview', 'runtime.mjs', 'fetch(') && !has('quickjs', 'runtime.mjs', 'fetch(')).toBe(true);
    for (var t of ['node', 'quickjs', 'espruino', 'webview'])
      for (var f of fs.readdirSync(dirs[t]).filter(f => /^runtime\.(c|m)?js$/.test(f))) expect(has(t, f, 'TextDecoder'), `${t}/${f}`).toBe(false);
  });

  it('espruino-upload.js and espruino-example.js run in Duktape against an emulated Storage', () => {
    var upload = fs.readFileSync(path.join(dirs.espruino, 'espruino-upload.js'), 'utf8');
    var example = fs.readFileSync(path.join(dirs.espruino, 'espruino-example.js'), 'utf8');
    var names = espruinoNames(alexa.file);
    expect(names.model.length).toBeLessThanOrEqual(28);
    expect(names.runtime.length).toBeLessThanOrEqual(28);
    // Every upload line is a small statement: the device parses one line at a time.
    expect(Math.max(...upload.split('\n').map(l => l.length))).toBeLessThan(1200);
    var name = Object.keys(feeds)[0];
    var fill = `var __in = new Uint8Array(Duktape.dec('base64', '${b64(bytesOf(feeds[name]))}'));\n` +
      `new Uint8Array(feeds[${JSON.stringify(name)}].buffer).set(__in);\n`;
    // the example as written, with the input filled in before its run
    var ex = example.replace('var t0 = getTime();', fill + 'var t0 = getTime();');
    var outName = Object.keys(ref)[0];
    var tail = `print('RESULT ' + Duktape.enc('base64', new Uint8Array(out[${JSON.stringify(outName)}].buffer, out[${JSON.stringify(outName)}].byteOffset, out[${JSON.stringify(outName)}].byteLength)));\n` +
      `try { tinyonnx.loadFile('x'); } catch (e) { print('MISSING ' + e.message); }\n` +
      `try { tinyonnx.loadFile('this-name-is-longer-than-28-chars.tnx'); } catch (e) { print('LONG ' + e.message); }\n`;
    var file = path.join(TMP, 'espruino-device.js');
    fs.writeFileSync(file, ESPRUINO_EMULATION + upload + ex + tail);
    var r = spawnSync(DUK, [file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`tinyonnx: uploaded ${names.model} and ${names.runtime}`);
    expect(r.stdout).toMatch(/one inference: [\d.]+ ms/);
    var got = new Float32Array(new Uint8Array(Buffer.from(/RESULT (\S+)/.exec(r.stdout)![1], 'base64')).buffer);
    expectAgree({ [outName]: got }, ref, 'espruino example in duk');
    expect(r.stdout).toContain("MISSING loadFile: no file 'x' in Storage; upload it first (espruino-upload.js)");
    expect(r.stdout).toContain('LONG loadFile: a Storage file name has 1 to 28 characters');
  }, 120000);

  it('QuickJS runs the ES module runtime.mjs too', async () => {
    var r = await runInEngine('quickjs', dirs.quickjs, feeds, { repeat: 0, module: true });
    expect(r.bundle).toBe('runtime.mjs');
    expectAgree(r.outputs, ref, 'quickjs module');
  }, 60000);

  it('QuickJS glue: tinyonnx.loadFile(path) reads the model with std (qjs\'s FILE API) and explains what is missing', async () => {
    var q = await quickjsWithBundle(fs.readFileSync(path.join(dirs.quickjs, 'runtime.js'), 'utf8'), 'runtime.js');
    try {
      var tnx = path.join(dirs.quickjs, 'model.tnx');
      var read = q.vm.newFunction('__hostReadFile', (h) => {
        var p = q.vm.getString(h);
        return fs.existsSync(p) ? q.vm.newArrayBuffer(new Uint8Array(fs.readFileSync(p)).buffer) : q.vm.null;
      });
      q.vm.setProp(q.vm.global, '__hostReadFile', read);
      read.dispose();
      expect(q.evalJSON(`(function () { try { tinyonnx.loadFile(${JSON.stringify(tnx)}); return 'loaded'; } catch (e) { return e.message; } })()`, 'no std'))
        .toMatch(/needs QuickJS's std module: run under qjs --std, or pass it/);
      q.eval(QJS_STD_EMULATION, 'std.js', 'std');
      expect(q.evalJSON(`(function () { try { tinyonnx.loadFile('/nonexistent.tnx'); } catch (e) { return e.message; } })()`, 'missing'))
        .toBe("loadFile: cannot open '/nonexistent.tnx': No such file or directory");
      var name = Object.keys(feeds)[0], outName = Object.keys(ref)[0];
      q.setBuffer('__in', bytesOf(feeds[name]), 'input');
      var out = q.getBuffer(`(function () { var s = tinyonnx.loadFile(${JSON.stringify(tnx)}); var f = {}; f[${JSON.stringify(name)}] = new Float32Array(__in); ` +
        `var o = s.run(f)[${JSON.stringify(outName)}]; return new Float32Array(o).buffer; })()`, 'loadFile run');
      expectAgree({ [outName]: new Float32Array(out.buffer) }, ref, 'quickjs loadFile');
    } finally { q.dispose(); }
  }, 60000);

  it('Chromium runs runtime.mjs through import() too', async () => {
    var io = modelIO(new Uint8Array(fs.readFileSync(path.join(dirs.webview, 'model.tnx'))));
    var r = await chromium.run(dirs.webview, 'runtime.mjs', feeds, io.inputs, 0);
    expectAgree(r.outputs, refWasm, 'chromium module');
  }, 60000);

  it('`tinyonnx run --engine` runs a build in each engine and reports time (and memory where the engine tells)', () => {
    var cli = (...a: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/tinyonnx.js'), ...a], { encoding: 'utf8', cwd: ROOT });
    var inputs = path.join(TMP, 'alexa-in.json');
    fs.writeFileSync(inputs, JSON.stringify({ [Object.keys(feeds)[0]]: Array.from(feeds[Object.keys(feeds)[0]]) }));
    var outName = Object.keys(ref)[0];
    for (var [engine, dir] of [['quickjs', dirs.quickjs], ['duktape', dirs.espruino], ['chromium', dirs.webview], ['node', dirs.espruino]]) {
      var r = cli('run', dir, '--engine', engine, '--inputs', inputs, '--repeat', '3');
      expect(r.status, `${engine}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`${engine} \\(runtime\\.(js|cjs|mjs)\\): [\\d.]+ µs per inference \\(2 runs\\)`));
      if (engine === 'duktape') expect(r.stdout).toContain('memory: not reported by this engine');
      else expect(r.stdout).toMatch(/memory \d+ B/);
      var j = cli('run', dir, '--engine', engine, '--inputs', inputs, '--json');
      expect(j.status, j.stderr).toBe(0);
      expectAgree({ [outName]: new Float32Array(JSON.parse(j.stdout)[outName]) }, engine === 'chromium' ? refWasm : ref, `run --engine ${engine}`);
    }
    var bad = cli('run', dirs.node, '--engine', 'duktape', '--random');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^tinyonnx: .*duktape runs ES5 bundles, and this build's target is node; rebuild with --target espruino$/);
  }, 180000);
});

describe('QuickJS memory limit', () => {
  var alexa = modelSpec('alexa_v0.1');
  var feeds = feedsFor(alexa);
  var dir: string, code: string, tnx: Uint8Array, arena: number, ref: Record<string, ArrayLike<number>>;
  beforeAll(async () => {
    dir = (await buildSpec(alexa, { target: 'quickjs' })).dir;
    code = fs.readFileSync(path.join(dir, 'runtime.js'), 'utf8');
    tnx = new Uint8Array(fs.readFileSync(path.join(dir, 'model.tnx')));
    arena = readModel(tnx).arenaSize;
    ref = (await runInEngine('node', (await buildSpec(alexa, { target: 'node', wasm: false })).dir, feeds, { repeat: 0 })).outputs;   // QuickJS runs the JS kernels
  }, 120000);

  async function attempt(limit: number) {
    var t0 = Date.now();
    try {
      var q = await quickjsWithBundle(code, 'runtime.js', { memoryLimit: limit, stackLimit: 256 * 1024, timeoutMs: 30000 });
      try {
        var r = quickjsRun(q, tnx, feeds, modelIO(tnx).inputs, 0);
        return { ok: true as const, outputs: r.outputs, ms: Date.now() - t0 };
      } finally { q.dispose(); }
    } catch (e: any) {
      return { ok: false as const, error: e, ms: Date.now() - t0 };
    }
  }

  it('runs alexa within 2 × (runtime + model + arena) + 64 KB, and below its need fails with a clear message, not a hang', async () => {
    var budget = 2 * (Buffer.byteLength(code) + tnx.length + arena) + 64 * 1024;
    var r = await attempt(budget);
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (r.ok) expectAgree(r.outputs, ref, 'quickjs under its limit');
    // its need: the smallest limit that works, to 1 KB
    var lo = 64 * 1024, hi = budget;
    while (hi - lo > 1024) {
      var mid = Math.floor((lo + hi) / 2);
      if ((await attempt(mid)).ok) hi = mid; else lo = mid;
    }
    console.log(`quickjs alexa: limit ${budget} B passes; need ${hi} B (runtime ${Buffer.byteLength(code)} B, model ${tnx.length} B, arena ${arena} B)`);
    expect(hi).toBeLessThanOrEqual(budget);
    for (var limit of [lo, Math.floor(hi * 0.75), 256 * 1024]) {
      var f = await attempt(limit);
      expect(f.ok, `limit ${limit}`).toBe(false);
      if (!f.ok) {
        expect(f.error.name).toBe('QuickJSOutOfMemory');
        expect(f.error.message).toMatch(new RegExp(`^QuickJS ran out of memory .+: the runtime needs more than its limit of ${limit} bytes \\(\\d+ bytes in use\\)$`));
        expect(f.ms).toBeLessThan(30000);
      }
    }
  }, 300000);
});
