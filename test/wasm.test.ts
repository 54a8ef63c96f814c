// The WebAssembly core (device/wasm/, targets/wasm/): on every real model the wasm path and the JS
// path (--wasm off, or an engine without WebAssembly) both match onnxruntime-node; the wasm path
// really runs (its kernels hold their weights in the core's memory); headless
// Chromium runs the webview bundle's core bit for bit like Node; builds stay byte-identical; the
// core stays within its size budget on alexa.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { build } from '../api/build';
import { ChromiumEngine, haveChromium } from '../targets/engines/chromium';
import { modelIO } from '../targets/engines/index';
import { MODELS, modelSpec, randomFeeds, ModelSpec } from './models';
import { ortRun, closeTo } from './reference';
import { TMP } from './buildCache';
import { readModel } from '../device/reader';
import { bytesPer } from '../device/dtype';

function ortFeeds(spec: ModelSpec, feeds: Record<string, Float32Array>) {
  var r: Record<string, any> = {};
  for (var [k, v] of Object.entries(feeds)) r[k] = { data: v, dims: spec.inputs[k].shape };
  for (var [k, vals] of Object.entries(spec.consts || {})) r[k] = { data: BigInt64Array.from(vals.map(BigInt)), dims: [], type: 'int64' };
  return r;
}

async function buildTo(spec: ModelSpec, tag: string, opts: any) {
  var dir = path.join(TMP, `wasm-${spec.name}-${tag}`);
  var result = await build({ input: spec.file, outDir: dir, shapes: spec.shapes, consts: spec.consts, ...opts });
  return { dir, result };
}

// Loads a node bundle; with `noWasm`, as an engine without WebAssembly would (the core installs
// itself when the bundle is first required).
function load(dir: string, noWasm = false) {
  var file = path.join(dir, 'runtime.cjs'), saved = (globalThis as any).WebAssembly;
  if (noWasm) delete (globalThis as any).WebAssembly;
  try {
    delete require.cache[require.resolve(file)];
    var api = require(file);
  } finally { (globalThis as any).WebAssembly = saved; }
  return api.load(fs.readFileSync(path.join(dir, 'model.tnx')));
}

// Runs fn with WebAssembly.Instance watched: returns the memories the cores were made over.
async function watchingCores(fn: () => Promise<void>): Promise<any[]> {
  var saved = (globalThis as any).WebAssembly, Instance = saved.Instance, made: any[] = [];
  (globalThis as any).WebAssembly = { validate: saved.validate, Module: saved.Module, Memory: saved.Memory,
    Instance: function (m: any, i: any) { made.push(i.m.mem); return new Instance(m, i); } };
  try { await fn(); } finally { (globalThis as any).WebAssembly = saved; }
  return made;
}

function same(a: ArrayLike<number>, b: ArrayLike<number>) {
  if (a.length !== b.length) return false;
  for (var i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function copyOut(outs: Record<string, ArrayLike<number>>) {
  var r: Record<string, Float32Array> = {};
  for (var k in outs) r[k] = Float32Array.from(outs[k]);
  return r;
}

describe.each(MODELS.map(m => [m.name, m] as [string, ModelSpec]))('%s', (_name, spec) => {
  it('wasm path, JS path (--wasm off) and an engine without WebAssembly all match onnxruntime', async () => {
    var on = await buildTo(spec, 'on', {}), off = await buildTo(spec, 'off', { wasm: false });
    expect(on.result.report.wasm.routines.gemm_f32).toBeGreaterThan(0);
    expect(off.result.report.wasm).toBeUndefined();
    expect(fs.readFileSync(path.join(off.dir, 'runtime.cjs'), 'utf8')).not.toContain('WebAssembly');
    var sOn: any, sNone: any, sOff = load(off.dir);
    var none = await watchingCores(async () => { sNone = load(on.dir, true); sNone.run(randomFeeds(spec, 1)); });
    var made = await watchingCores(async () => { sOn = load(on.dir); sOn.run(randomFeeds(spec, 1)); });
    // the wasm kernels hold their weights in the core's memory, made at the first run, once: at
    // least the largest weight (melspectrogram's is its mel filterbank: its STFT runs as an FFT)
    expect(made.length).toBe(1);
    var m = readModel(new Uint8Array(fs.readFileSync(path.join(on.dir, 'model.tnx'))));
    var largest = Math.max(...m.tensors.filter(t => t.kind === 1).map(t => t.shape.reduce((a, b) => a * b, 1) * bytesPer(t.dtype)));
    expect(made[0].buffer.byteLength).toBeGreaterThanOrEqual(largest);
    expect(none.length).toBe(0);
    for (var seed of [1, 2]) {
      var feeds = randomFeeds(spec, seed, spec.name === 'melspectrogram' ? 3000 : 1);
      var ref = await ortRun(spec.file, ortFeeds(spec, feeds));
      var a = copyOut(sOn.run(feeds)), b = copyOut(sOff.run(feeds)), c = copyOut(sNone.run(feeds));
      for (var k in ref) {
        var ca = closeTo(a[k], ref[k]), cb = closeTo(b[k], ref[k]);
        expect(ca.ok, `wasm path, seed ${seed}, '${k}': ${ca.msg}`).toBe(true);
        expect(cb.ok, `JS path, seed ${seed}, '${k}': ${cb.msg}`).toBe(true);
        expect(same(c[k], b[k]), `without WebAssembly the wasm build runs the JS kernels, '${k}'`).toBe(true);
      }
    }
  }, 120000);
});

describe('builds', () => {
  it('are byte-identical run to run, node and webview', async () => {
    var spec = modelSpec('embedding_model');
    for (var target of ['node', 'webview']) {
      var a = await buildTo(spec, `${target}-a`, { target }), b = await buildTo(spec, `${target}-b`, { target });
      for (var f of fs.readdirSync(a.dir).sort())
        expect(fs.readFileSync(path.join(a.dir, f)).equals(fs.readFileSync(path.join(b.dir, f))), `${target} ${f}`).toBe(true);
    }
  }, 120000);

  it('quickjs and espruino bundles never carry the core', async () => {
    var spec = modelSpec('alexa_v0.1');
    for (var target of ['quickjs', 'espruino']) {
      var r = await buildTo(spec, target, { target });
      expect(r.result.report.wasm).toBeUndefined();
      expect(fs.readFileSync(path.join(r.dir, 'runtime.js'), 'utf8')).not.toContain('WebAssembly');
    }
  }, 120000);

  it('the core adds at most 2.5 KB brotli to alexa\'s node runtime', async () => {
    var spec = modelSpec('alexa_v0.1');
    var size = (d: string) => zlib.brotliCompressSync(fs.readFileSync(path.join(d, 'runtime.cjs'))).length;
    var on = await buildTo(spec, 'size-on', {}), off = await buildTo(spec, 'size-off', { wasm: false });
    expect(size(on.dir) - size(off.dir)).toBeLessThanOrEqual(2500);
  }, 120000);
});

// needs chromium from apt: skipped with one line when absent, unless TINYONNX_REQUIRE_ENGINES=1
var noChromium = !haveChromium() && process.env.TINYONNX_REQUIRE_ENGINES !== '1';
if (noChromium) console.log(`skipped the webview-in-Chromium wasm tests: needs chromium (apt-get install chromium)`);

describe.skipIf(noChromium)('headless Chromium', () => {
  var chromium: ChromiumEngine;
  beforeAll(async () => { chromium = await ChromiumEngine.launch(); }, 120000);
  afterAll(async () => { if (chromium) await chromium.close(); });

  it.each(['alexa_v0.1', 'embedding_model'])('%s: the webview bundle runs the core like Node, within tolerance of onnxruntime', async (name) => {
    var spec = modelSpec(name), feeds = randomFeeds(spec, 5);
    var web = await buildTo(spec, 'webview', { target: 'webview' }), node = await buildTo(spec, 'on', {});
    var io = modelIO(new Uint8Array(fs.readFileSync(path.join(web.dir, 'model.tnx'))));
    var r = await chromium.run(web.dir, 'runtime.js', feeds, io.inputs, 0);
    var ours = copyOut(load(node.dir).run(feeds)), js = copyOut(load(node.dir, true).run(feeds));
    var ref = await ortRun(spec.file, ortFeeds(spec, feeds));
    for (var k in ref) {
      var c = closeTo(r.outputs[k] as Float32Array, ref[k]);
      expect(c.ok, `chromium '${k}': ${c.msg}`).toBe(true);
      expect(same(r.outputs[k] as Float32Array, ours[k]), `chromium '${k}' equals node's wasm path`).toBe(true);
      // embedding_model's 96 features show the core's float32 sums, never equal to the JS path's
      // double sums (alexa's one probability may round alike)
      if (name === 'embedding_model') expect(same(r.outputs[k] as Float32Array, js[k]), `chromium '${k}' is not the JS path`).toBe(false);
    }
  }, 180000);
});
