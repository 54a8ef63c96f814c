// Issue 14, point 4: the Vite and Rollup plugins. A real Vite production build of
// examples/vite-app (alexa from the plugin config, Silero VAD v5 with options in the import
// query and its state carried), served on 127.0.0.1 and run in headless Chromium, gives
// onnxruntime-node's outputs; the size report lands in the build output. A Rollup build inlines a
// small model and runs in Node. The Vite dev server serves model.tnx from memory and rebuilds
// when the .onnx changes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { AddressInfo } from 'net';
import { pathToFileURL } from 'url';
import { OWW, VAD } from './models';
import { TMP } from './buildCache';
import { ortRun, closeTo } from './reference';
import { makeModel } from './onnxBuilder';
import { ChromiumEngine, haveChromium, CHROMIUM } from '../targets/engines/chromium';
import viteTinyonnx from '../api/plugins/vite';
import rollupTinyonnx from '../api/plugins/rollup';

var APP = path.join(__dirname, '..', 'examples', 'vite-app');
var present = haveChromium();
if (!present) {
  if (process.env.TINYONNX_REQUIRE_ENGINES === '1') throw new Error(`${CHROMIUM} is missing (apt-get install chromium) and TINYONNX_REQUIRE_ENGINES=1`);
  console.warn(`skipping the Vite app in Chromium: ${CHROMIUM} is missing (apt-get install chromium)`);
}

// The app's test patterns (examples/vite-app/main.js).
function pattern(n: number, k: number) {
  var a = new Float32Array(n);
  for (var i = 0; i < n; i++) a[i] = 0.5 * Math.sin(i * k) + 0.25 * Math.cos(i * k * 3.1);
  return a;
}

// Static files of a build folder, subfolders included, on 127.0.0.1.
async function serveDir(dir: string) {
  var server = http.createServer((req, res) => {
    var rel = decodeURIComponent((req.url || '/').split('?')[0]).replace(/^\/+/, '') || 'index.html';
    var file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    var type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>(r => { server.closeAllConnections(); server.close(() => r()); }) };
}

function tinyModel(file: string, w: number[]) {
  fs.writeFileSync(file, makeModel({
    nodes: [{ op: 'Mul', inputs: ['x', 'w'], outputs: ['y'] }],
    inputs: [{ name: 'x', dims: [1, 4] }], outputs: [{ name: 'y', dims: [1, 4] }],
    inits: [{ name: 'w', dims: [1, 4], floats: w }],
  }));
}

describe('Vite production build of examples/vite-app', () => {
  var out = path.join(TMP, 'vite-app-dist');
  var logs: string[] = [];
  beforeAll(async () => {
    var vite = await import('vite');
    await vite.build({
      root: APP, configFile: false, logLevel: 'silent',
      // what examples/vite-app/vite.config.js says, with the plugin from this checkout
      plugins: [viteTinyonnx({ target: 'webview' }) as any],
      build: { outDir: out, emptyOutDir: true },
      customLogger: { info: (m: string) => logs.push(m), warn: () => {}, warnOnce: () => {}, error: (m: string) => logs.push(m), clearScreen() {}, hasErrorLogged: () => false, hasWarned: false } as any,
    });
  }, 300000);

  it('emits each model.tnx as an asset and the size report into the output', () => {
    var assets = fs.readdirSync(path.join(out, 'assets'));
    expect(assets.filter(f => f.endsWith('.tnx')).sort()).toEqual([expect.stringMatching(/^alexa_v0\.1-.*\.tnx$/), expect.stringMatching(/^silero_vad_v5-.*\.tnx$/)]);
    var report = JSON.parse(fs.readFileSync(path.join(out, 'tinyonnx-report.json'), 'utf8'));
    expect(report.models.map((m: any) => path.basename(m.model)).sort()).toEqual(['alexa_v0.1.onnx', 'silero_vad_v5.onnx']);
    for (var m of report.models) {
      expect(m.target).toBe('webview');
      expect(fs.statSync(path.join(out, m.tnx)).size).toBe(m.modelBytes);
      expect(m.runtimeGzip).toBeGreaterThan(1000);
      expect(m.report.builds[0].bundle.gzip).toBe(m.runtimeGzip);
    }
  });

  it.skipIf(!present)('runs in headless Chromium with onnxruntime-node\'s outputs', async () => {
    var srv = await serveDir(out), chromium = await ChromiumEngine.launch();
    try {
      var page = await chromium.newPage(), errors: string[] = [];
      page.on('pageerror', (e: any) => errors.push(String(e && e.message || e)));
      await page.goto(srv.url + 'index.html', { waitUntil: 'load' });
      await page.waitForFunction('window.__result', null, { timeout: 60000 });
      var r = await page.evaluate('window.__result');
      expect(errors).toEqual([]);
      expect(r.error).toBeUndefined();
      expect(r.alexaUrl).toMatch(/^\/assets\/alexa_v0\.1-.*\.tnx$/);
      expect(r.vadInputs.map((i: any) => i.name)).toEqual(['input']);   // state carried: not an input
      var ref = await ortRun(path.join(OWW, 'alexa_v0.1.onnx'), { 'onnx::Flatten_0': { data: pattern(16 * 96, 0.37), dims: [1, 16, 96] } });
      var c = closeTo(r.score, ref['13']);
      expect(c.ok, c.msg).toBe(true);
      var audio = pattern(3 * 512, 0.05), state = new Float32Array(256);
      for (var f = 0; f < 3; f++) {
        var v = await ortRun(path.join(VAD, 'silero_vad_v5.onnx'), { input: { data: audio.slice(f * 512, (f + 1) * 512), dims: [1, 512] },
          state: { data: state, dims: [2, 1, 128] }, sr: { data: BigInt64Array.from([16000n]), dims: [], type: 'int64' } });
        var cv = closeTo([r.probabilities[f]], v.output);
        expect(cv.ok, `frame ${f}: ${cv.msg}`).toBe(true);
        state = v.stateN;
      }
    } finally {
      await chromium.close();
      await srv.close();
    }
  }, 180000);
});

describe('Rollup plugin', () => {
  it('inlines a small model.tnx and the bundle runs in Node like onnxruntime-node', async () => {
    var dir = path.join(TMP, 'rollup-app');
    fs.mkdirSync(dir, { recursive: true });
    tinyModel(path.join(dir, 'scale.onnx'), [0.5, -2, 3, 0.25]);
    fs.writeFileSync(path.join(dir, 'main.js'), `import scale from './scale.onnx?target=node&tinyonnx';
export async function run(x) { var s = await scale.load(); return { y: Array.from(s.run({ x: x }).y), url: scale.modelUrl, inputs: scale.inputs }; }\n`);
    var { rollup } = await import('rollup');
    var bundle = await rollup({ input: path.join(dir, 'main.js'), plugins: [rollupTinyonnx({ inlineLimit: 4096 })], onwarn() {} });
    var gen = await bundle.write({ dir: path.join(dir, 'dist'), format: 'es', entryFileNames: 'main.mjs' });
    await bundle.close();
    expect(gen.output.map(o => o.fileName).sort()).toEqual(['main.mjs', 'tinyonnx-report.json']);   // no .tnx asset: inlined
    var report = JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'tinyonnx-report.json'), 'utf8'));
    expect(report.models[0].tnx).toBe('inlined');
    var app = await import(pathToFileURL(path.join(dir, 'dist', 'main.mjs')).href);
    var x = new Float32Array([1, 2, 3, 4]);
    var r = await app.run(x);
    expect(r.url).toBeNull();
    expect(r.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [1, 4] }]);
    var ref = await ortRun(path.join(dir, 'scale.onnx'), { x: { data: x, dims: [1, 4] } });
    expect(r.y).toEqual(Array.from(ref.y));
  }, 120000);
});

describe('import types (api/plugins/client.ts)', () => {
  it('type-check a use of the module, and reject a misspelled member', async () => {
    var ts = await import('typescript');
    var dir = path.join(TMP, 'plugin-types'), client = path.join(__dirname, '..', 'dist', 'host', 'api', 'plugins', 'client.d.ts');
    fs.mkdirSync(dir, { recursive: true });
    var head = `/// <reference path=${JSON.stringify(client)} />\n`;
    fs.writeFileSync(path.join(dir, 'good.ts'), head + `import alexa from './alexa_v0.1.onnx?tinyonnx';
import vad, { loadSession } from './vad.onnx?shape=input=1x512&state=stateN=state&tinyonnx';
export async function main(): Promise<[number, string]> {
  const s = await alexa.load();
  const score: number = s.run({ x: new Float32Array(4) })['13'][0];
  loadSession(new Uint8Array(4)).reset();
  return [score, vad.inputs[0].name];
}\n`);
    fs.writeFileSync(path.join(dir, 'bad.ts'), head + `import alexa from './alexa_v0.1.onnx?tinyonnx';\nexport var p = alexa.lod();\n`);
    var diagnose = (f: string) => {
      var program = ts.createProgram([path.join(dir, f)], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'], types: [] });
      return ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    };
    expect(diagnose('good.ts')).toEqual([]);
    expect(diagnose('bad.ts')).toEqual([expect.stringMatching(/Property 'lod' does not exist on type 'TinyonnxModelModule'/)]);
  }, 60000);
});

describe('Vite dev server', () => {
  var server: any;
  afterAll(async () => { if (server) await server.close(); });

  it('serves model.tnx from memory and rebuilds when the .onnx changes', async () => {
    var root = path.join(TMP, 'vite-dev');
    fs.mkdirSync(root, { recursive: true });
    var file = path.join(root, 'scale.onnx');
    tinyModel(file, [1, 2, 3, 4]);
    var vite = await import('vite');
    server = await vite.createServer({ root, configFile: false, logLevel: 'silent', server: { middlewareMode: true, ws: false }, plugins: [viteTinyonnx({}) as any] });
    var http1 = http.createServer(server.middlewares);
    await new Promise<void>(r => http1.listen(0, '127.0.0.1', () => r()));
    var base = `http://127.0.0.1:${(http1.address() as AddressInfo).port}`;
    try {
      var modelOf = async () => {
        var code = (await server.transformRequest('/scale.onnx?inline=false&tinyonnx')).code as string;
        var url = JSON.parse(code.match(/modelUrl = ("[^"]+")/)![1]);
        var res = await fetch(base + url);
        expect(res.status).toBe(200);
        return new Uint8Array(await res.arrayBuffer());
      };
      var before = await modelOf();
      expect(Buffer.from(before).toString('latin1')).toContain('TNX1');
      tinyModel(file, [5, 6, 7, 8]);
      server.watcher.emit('change', file);
      await new Promise(r => setTimeout(r, 500));
      var after = await modelOf();
      expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
      // the new bytes hold the new weights
      var w = new Float32Array([5, 6, 7, 8]), wb = Buffer.from(w.buffer);
      expect(Buffer.from(after).indexOf(wb)).toBeGreaterThan(0);
    } finally {
      await new Promise<void>(r => { http1.closeAllConnections(); http1.close(() => r()); });
    }
  }, 120000);
});
