// `tinyonnx profile <build-dir> [--engine node|quickjs|duktape|chromium|espruino]`: runs the
// build's model once, then times every node's eval alone in that engine (targets/profileBundle.ts),
// and prints per node and per op type: time share, µs per call, multiply-adds and achieved MAC/s,
// weight and activation bytes (base/nodeCost.ts). In node and Chromium, a build that carries the
// WebAssembly core is profiled on it; on Espruino, with the firmware's natives.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { userError } from '../base/errors';
import { randomInputs } from '../base/inputs';
import { findKernel } from '../base/registry';
import { nodeCosts, NodeCost } from '../base/nodeCost';
import { readModel, ModelView } from '../device/reader';
import { kernelRefs, KernelRef } from '../targets/bundle';
import { profileBundle } from '../targets/profileBundle';
import { WasmCore } from '../targets/wasm/assemble';
import { wasmCoreFor } from '../targets/wasm/kernels';
import { readBuild, modelIO, CTORS, DRIVER, Feeds, IOInfo, b64, bytesOf, ENGINES } from '../targets/engines/common';
import { quickjsWithBundle } from '../targets/engines/quickjs';
import { DUK } from '../targets/engines/duktape';
import { ChromiumEngine, CHROMIUM, haveChromium } from '../targets/engines/chromium';
import { espruinoBinary, espruinoSession, inputLines, storageNames, uploadLines } from '../targets/engines/espruino';
import { writeLines } from '../targets/extras';
import { profileOf } from '../targets/profiles';
import { minify } from 'terser';

export interface ProfileRow extends NodeCost { ms: number; share: number }

// In-engine, after the bundle and DRIVER: feeds from base64, then the per-node times as JSON.
function inEngine(tnxB64: string, feeds: Record<string, { dtype: string; b64: string }>, minMs: number, dec: string, clock: string, jit = false) {
  return `(function () {
  function ab(s) { var p = ${dec}, u = new Uint8Array(p.length); for (var i = 0; i < p.length; i++) u[i] = p[i]; return u.buffer; }
  var spec = ${JSON.stringify(feeds)}, bufs = {}, dtypes = {};
  for (var k in spec) { bufs[k] = ab(spec[k].b64); dtypes[k] = spec[k].dtype; }
  var session = tinyonnx.load(ab(${JSON.stringify(tnxB64)}));
  return JSON.stringify(tinyonnx.profile(session, __tnxFeeds(bufs, dtypes), ${minMs}, ${clock}, ${jit}));
})()`;
}

async function timesIn(engine: string, code: string, tnx: Uint8Array, feeds: Feeds, inputs: IOInfo[], minMs: number): Promise<number[]> {
  var spec: Record<string, { dtype: string; b64: string }> = {};
  for (var i of inputs) spec[i.name] = { dtype: i.dtype, b64: b64(bytesOf(feeds[i.name])) };
  if (engine === 'node') {
    // In this realm (a vm context ran the kernels about 4x slower).
    var run = new Function('Buffer', 'performance', code + '\n' + DRIVER + '\nreturn ' +
      inEngine(b64(tnx), spec, minMs, 'Buffer.from(s, "base64")', 'function () { return performance.now(); }', true) + ';');
    return JSON.parse(run(Buffer, performance));
  }
  if (engine === 'quickjs') {
    var q = await quickjsWithBundle(code, 'profile.js');
    try {
      q.eval(DRIVER + '\nvar __dec = ' + BASE64_DECODER, 'driver.js', 'loading the driver');
      return JSON.parse(q.evalJSON(inEngine(b64(tnx), spec, minMs, '__dec(s)', 'function () { return Date.now(); }'), 'profiling'));
    } finally { q.dispose(); }
  }
  if (engine === 'chromium') return timesInChromium(code, tnx, spec, minMs);
  if (engine === 'duktape') {
    var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-profile-')), file = path.join(dir, 'profile.js');
    fs.writeFileSync(file, code + ';\n' + DRIVER + '\nprint(' + inEngine(b64(tnx), spec, minMs, "Duktape.dec('base64', s)", 'function () { return performance.now(); }') + ');\n');
    try {
      var out = await new Promise<string>((resolve, reject) => execFile(DUK, [file], { maxBuffer: 1 << 28 }, (err, stdout, stderr) =>
        err ? reject(new Error('duk: ' + (String(stderr).trim().split('\n')[0] || err.message))) : resolve(String(stdout))));
      return JSON.parse(out.trim().split('\n').pop()!);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  }
  return userError(`profile: engine '${engine}' is not supported; use ${ENGINES.join(', ')}`);
}

// In a page of headless Chromium (the webview stand-in, targets/engines/chromium.ts), with its JIT.
async function timesInChromium(code: string, tnx: Uint8Array, spec: Record<string, { dtype: string; b64: string }>, minMs: number): Promise<number[]> {
  if (!haveChromium()) userError(`profile: no Chromium at ${CHROMIUM}: apt-get install chromium, or set TINYONNX_CHROMIUM`);
  var browser = await ChromiumEngine.launch();
  try {
    var page = await browser.newPage();
    await page.setContent('<!doctype html><html><body>tinyonnx profile</body></html>');
    await page.addScriptTag({ content: code + ';\n' + DRIVER });
    var dec = '(function () { var b = atob(s), u = new Uint8Array(b.length); for (var i = 0; i < b.length; i++) u[i] = b.charCodeAt(i); return u; })()';
    return JSON.parse(await page.evaluate(inEngine(b64(tnx), spec, minMs, dec, 'function () { return performance.now(); }', true)));
  } finally { await browser.close(); }
}

// On the real Espruino (targets/engines/espruino.ts), as on a board: the model and the inputs in
// Storage, read as views of flash; the profile runtime minified as the espruino target's bundle is
// (Espruino does not hoist vars). The build must be an espruino one (its model fits the views).
async function timesInEspruino(dir: string, code: string, feeds: Feeds, inputs: IOInfo[], minMs: number): Promise<number[]> {
  if (!fs.existsSync(path.join(dir, 'espruino-upload.js'))) userError(`profile: ${dir} is not an espruino build (no espruino-upload.js); build it with --target espruino`);
  var bin = espruinoBinary();
  if (!bin.path) userError(`profile: no Espruino interpreter (${bin.why}); bash scripts/espruino.sh builds it from ../shared/espruino`);
  var t = profileOf('espruino').terser;
  var min = await minify(code, { ecma: t.ecma as any, compress: { ...t.compress }, mangle: true, format: { ...t.format } });
  var lines = uploadLines(dir), model = storageNames(lines).model;
  lines = lines.filter(l => l.startsWith(`require("Storage").write(${JSON.stringify(model)},`));
  lines.push(...writeLines('tnxprof-rt.js', new Uint8Array(Buffer.from(min.code!, 'utf8'))));
  var ins = inputLines([feeds], inputs, lines);
  var out = await espruinoSession(lines, `var S = require("Storage");
try {
  eval(S.read("tnxprof-rt.js"));
  var sess = tinyonnx.loadFile(${JSON.stringify(model)}), ins = ${JSON.stringify(ins)}, feeds = {}, i;
  for (i = 0; i < ins.length; i++) feeds[ins[i].name] = new global[ins[i].ctor](E.toArrayBuffer(S.read(ins[i].file, 0, ins[i].bytes)));
  print("@@P " + JSON.stringify(tinyonnx.profile(sess, feeds, ${minMs}, function () { return getTime() * 1000; }, false)));
} catch (e) { print("@@E " + (e && e.message || e)); }
quit();
`);
  var line = out.split('\n').map(l => l.replace(/^>+/, '').trim()).find(l => l.startsWith('@@P ') || l.startsWith('@@E '));
  if (!line || line.startsWith('@@E ')) throw new Error(`espruino: ${line ? line.slice(4) : 'the profile stopped early'}`);
  return JSON.parse(line.slice(4));
}

// base64 → byte array, ES5, for QuickJS (which has no atob).
var BASE64_DECODER = `function (s) {
  var A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', m = {}, out = [], bits = 0, acc = 0;
  for (var i = 0; i < 64; i++) m[A.charAt(i)] = i;
  for (var j = 0; j < s.length; j++) {
    var c = s.charAt(j); if (c === '=') break;
    acc = (acc << 6) | m[c]; bits += 6;
    if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 255); }
  }
  return out;
};`;

// The WebAssembly core for these kernels when the build carries one (size-report.json lists its
// routines; the profile assembles what this tinyonnx's kernels use), else null.
async function buildCore(dir: string, refs: KernelRef[], m: ModelView): Promise<WasmCore | null> {
  try { var wasm = JSON.parse(fs.readFileSync(path.join(dir, 'size-report.json'), 'utf8')).wasm; } catch (e) { return null; }
  return wasm && wasm.bytes ? wasmCoreFor(refs, [m]) : null;
}

export async function profileBuild(dir: string, engine: string, minMs: number): Promise<ProfileRow[]> {
  var b = readBuild(dir), m = readModel(b.tnx), io = modelIO(b.tnx);
  var files: string[] = [];
  for (var o of m.ops) {
    var k = findKernel(o.domain, o.op, o.opset);
    if (!k) userError(`profile: no kernel for ${o.domain ? o.domain + ':' : ''}${o.op} (opset ${o.opset})`);
    if (files.indexOf(k.file) < 0) files.push(k.file);
  }
  var jit = engine === 'node' || engine === 'chromium', esp = engine === 'espruino';
  var refs = kernelRefs(files), code = await profileBundle(refs, jit ? await buildCore(dir, refs, m) : null, esp ? profileOf('espruino').glue : null);
  var values = randomInputs(io.inputs, 1), feeds: Feeds = {};
  for (var i of io.inputs) feeds[i.name] = CTORS[i.dtype].from(values[i.name]);
  var ms = esp ? await timesInEspruino(dir, code, feeds, io.inputs, minMs) : await timesIn(engine, code, b.tnx, feeds, io.inputs, minMs), costs = nodeCosts(m);
  if (ms.length !== costs.length) throw new Error(`profile: ${ms.length} timed evals for ${costs.length} nodes`);
  var total = ms.reduce((a, x) => a + x, 0);
  return costs.map((c, j) => ({ ...c, ms: ms[j], share: ms[j] / total }));
}

function table(rows: string[][]) {
  var w = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  for (var r of rows) console.log('  ' + r.map((x, c) => (c < 2 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  '));
}
var fmtMacs = (x: number) => (x >= 1e6 ? (x / 1e6).toFixed(2) + ' M' : x >= 1e3 ? (x / 1e3).toFixed(1) + ' k' : x ? String(x) : '');
var rate = (macs: number, ms: number) => (macs ? (macs / ms / 1e6).toFixed(3) : '');

export async function profileCommand(argv: any) {
  var engine = argv.engine || 'node', minMs = argv['min-ms'] || (engine === 'node' || engine === 'chromium' ? 10 : 30);
  var rows = await profileBuild(argv.dir, engine, minMs);
  if (argv.json) { console.log(JSON.stringify(rows, null, 2)); return; }
  var total = rows.reduce((a, r) => a + r.ms, 0), macs = rows.reduce((a, r) => a + r.macs, 0);
  console.log(`${argv.dir} in ${engine}: ${(total * 1000).toFixed(1)} µs per inference (sum of ${rows.length} nodes), ${fmtMacs(macs)}MACs, ${rate(macs, total) || '-'} GMAC/s`);
  console.log('per node:');
  table([['node', 'op', 'share', 'µs', 'MACs', 'GMAC/s', 'weight B', 'act B']].concat(rows.map(r =>
    [r.name, r.op, (100 * r.share).toFixed(1) + '%', (r.ms * 1000).toFixed(1), fmtMacs(r.macs), rate(r.macs, r.ms), String(r.weightBytes), String(r.activationBytes)])));
  var byOp = new Map<string, { n: number; ms: number; macs: number }>();
  for (var r of rows) { var e = byOp.get(r.op) || { n: 0, ms: 0, macs: 0 }; e.n++; e.ms += r.ms; e.macs += r.macs; byOp.set(r.op, e); }
  console.log('per op type:');
  table([['op', 'nodes', 'share', 'µs', 'MACs', 'GMAC/s']].concat([...byOp.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([op, e]) =>
    [op, String(e.n), (100 * e.ms / total).toFixed(1) + '%', (e.ms * 1000).toFixed(1), fmtMacs(e.macs), rate(e.macs, e.ms)])));
}
