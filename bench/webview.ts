// The webview bundle against onnxruntime-web in one headless Chromium page (the mobile WebView
// stand-in of targets/engines/chromium.ts): per model, the tinyonnx webview build (wasm core on)
// and onnxruntime-web's wasm backend (SIMD, one thread: the page is not cross-origin isolated,
// numThreads 1 anyway) load side by side from a local server, then are timed interleaved in short
// slices, round after round, inside the page; median µs per inference and the ratio.
// onnxruntime-web comes from node_modules/onnxruntime-web/dist (ort.wasm.min.js and its
// ort-wasm-simd-threaded .mjs/.wasm), served next to the build. Nothing is downloaded.
// A benchmark, not a test: it prints figures and asserts nothing.
// Usage: tsx bench/webview.ts [model names...]   (TINYONNX_CHROMIUM overrides /usr/bin/chromium)
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { spawnSync } from 'child_process';
import { MODELS, randomFeeds, ModelSpec } from '../test/models';
import { ChromiumEngine, haveChromium, serve } from '../targets/engines/chromium';

var BUILD = path.join(__dirname, '../dist/host/api/build.js');
var ORT_DIST = path.join(__dirname, '../node_modules/onnxruntime-web/dist');
var ORT_FILES = ['ort.wasm.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
var ROUNDS = 9, SLICE_MS = 150, WARM_MS = 400;

export interface WebviewRow { name: string; tinyonnx: number; ortWeb: number }

// Builds in a child process (as bench/run.ts does: the build's wabt grows its memory).
function buildWebview(spec: { file: string; shapes?: any; consts?: any }, dir: string): string | null {
  var args = JSON.stringify({ input: spec.file, outDir: dir, target: 'webview', shapes: spec.shapes, consts: spec.consts });
  var r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BUILD)}).build(${args}).catch(e => { console.error(e.message); process.exit(1); })`], { encoding: 'utf8' });
  return r.status === 0 ? null : `build failed: ${String(r.stderr).split('\n')[0]}`;
}

// In the page: both sessions, the same feeds, interleaved slices; returns median µs of each.
var PAGE = `async function (a) {
  ort.env.wasm.numThreads = 1; ort.env.wasm.simd = true; ort.env.wasm.proxy = false; ort.env.wasm.wasmPaths = '/';
  var ours = await tinyonnx.loadUrl('model.tnx');
  var theirs = await ort.InferenceSession.create('model.onnx', { executionProviders: ['wasm'] });
  var feeds = {}, ortFeeds = {};
  for (var k in a.feeds) { feeds[k] = new Float32Array(a.feeds[k].data); ortFeeds[k] = new ort.Tensor('float32', feeds[k], a.feeds[k].shape); }
  for (var c in a.consts) ortFeeds[c] = new ort.Tensor('int64', BigInt64Array.from(a.consts[c].map(BigInt)), []);
  var list = [
    { run: function () { ours.run(feeds); }, async: false, samples: [] },
    { run: function () { return theirs.run(ortFeeds); }, async: true, samples: [] },
  ];
  // performance.now() is coarse in a page that is not cross-origin isolated (100 µs in
  // Chromium): one sample is a whole slice's time over its runs.
  async function slice(c, ms, record) {
    var start = performance.now(), n = 0, t;
    do {
      if (c.async) await c.run(); else c.run();
      n++;
    } while ((t = performance.now()) - start < ms);
    if (record) c.samples.push((t - start) * 1000 / n);
  }
  for (var i = 0; i < list.length; i++) await slice(list[i], a.warm, false);
  for (var r = 0; r < a.rounds; r++) for (var i = 0; i < list.length; i++) await slice(list[i], a.slice, true);
  function median(xs) { var s = xs.slice().sort(function (x, y) { return x - y; }); return s[s.length >> 1]; }
  return { tinyonnx: median(list[0].samples), ortWeb: median(list[1].samples) };
}`;

// One model in the page: a flat folder holding the build, the ONNX file and onnxruntime-web.
export async function webviewRow(engine: ChromiumEngine, spec: { name: string; file: string; shapes?: any; consts?: any; inputs: ModelSpec['inputs'] },
  tmp: string, feeds: Record<string, Float32Array>): Promise<WebviewRow | string> {
  var dir = path.join(tmp, spec.name + '-webview');
  var failed = buildWebview(spec, dir);
  if (failed) return failed;
  fs.copyFileSync(spec.file, path.join(dir, 'model.onnx'));
  for (var f of ORT_FILES) fs.copyFileSync(path.join(ORT_DIST, f), path.join(dir, f));
  var html = '<!doctype html><html><head><meta charset="utf-8"><script src="runtime.js"></script>' +
    '<script src="ort.wasm.min.js"></script></head><body>bench</body></html>';
  var srv = await serve(dir, { 'index.html': html });
  var page = await engine.newPage();
  try {
    page.setDefaultTimeout(600000);
    await page.goto(srv.url + 'index.html', { waitUntil: 'load' });
    var a = { feeds: {} as Record<string, { data: number[]; shape: number[] }>, consts: spec.consts || {}, rounds: ROUNDS, slice: SLICE_MS, warm: WARM_MS };
    for (var k in feeds) a.feeds[k] = { data: Array.from(feeds[k]), shape: spec.inputs[k].shape };
    var r = await page.evaluate(`(${PAGE})(${JSON.stringify(a)})`);
    return { name: spec.name, tinyonnx: r.tinyonnx, ortWeb: r.ortWeb };
  } finally {
    await page.close().catch(() => {});
    await srv.close();
  }
}

export function printRow(r: WebviewRow) {
  console.log(r.name.padEnd(20) + r.tinyonnx.toFixed(1).padStart(12) + r.ortWeb.toFixed(1).padStart(12) + ((r.tinyonnx / r.ortWeb).toFixed(2) + '×').padStart(10));
}

export async function webviewBench(specs: { name: string; file: string; shapes?: any; consts?: any; inputs: ModelSpec['inputs'] }[]) {
  if (!haveChromium()) { console.log('webview: no Chromium at /usr/bin/chromium (TINYONNX_CHROMIUM): skipped'); return; }
  var tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-bench-webview-'));
  var engine = await ChromiumEngine.launch();
  try {
    console.log(`\nwebview bundle vs onnxruntime-web in one headless Chromium page (wasm SIMD, one thread); median µs per inference`);
    console.log('model'.padEnd(20) + 'tinyonnx'.padStart(12) + 'ort-web'.padStart(12) + '  tnx/web');
    for (var spec of specs) {
      var r = await webviewRow(engine, spec, tmp, randomFeeds(spec as ModelSpec, 1));
      if (typeof r === 'string') console.log(`${spec.name.padEnd(20)}${r}`);
      else printRow(r);
    }
  } finally {
    await engine.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  var only = process.argv.slice(2);
  webviewBench(MODELS.filter(m => !only.length || only.includes(m.name))).catch(e => { console.error(e); process.exit(1); });
}
