// A mobile WebView stand-in: headless Chromium driven by playwright-core, with a phone's viewport
// and user agent, loading the build from a page served by a local HTTP server (127.0.0.1, an
// ephemeral port, stopped afterwards). The script bundle (runtime.js, global tinyonnx) is loaded
// with a <script> tag, or runtime.mjs with import(); the model is fetched with tinyonnx.loadUrl
// (the webview glue) or fetch + load for other builds.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { AddressInfo } from 'net';
import { DRIVER, Feeds, IOInfo, feedSpec, unb64, fromBytes } from './common';
import { TypedArray } from '../../device/dtype';
import { userError } from '../../base/errors';

export var CHROMIUM = process.env.TINYONNX_CHROMIUM || '/usr/bin/chromium';
export var CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// A mid-range Android phone.
export var MOBILE = {
  viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
};

export function haveChromium(): boolean { return fs.existsSync(CHROMIUM); }

var TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json', '.tnx': 'application/octet-stream' };

// Serves files from `dir` (and the given in-memory pages) on 127.0.0.1.
export async function serve(dir: string, pages: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
  var server = http.createServer((req, res) => {
    var name = decodeURIComponent((req.url || '/').split('?')[0]).replace(/^\/+/, '') || 'index.html';
    var body: Buffer | string | null = null;
    if (name in pages) body = pages[name];
    else if (!name.includes('/') && !name.startsWith('.') && fs.existsSync(path.join(dir, name))) body = fs.readFileSync(path.join(dir, name));
    if (body === null) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(name)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  var port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// In the page (plain JS text, so the host compiler leaves import() alone).
var PAGE_MAIN = `async function (a) {
  var api = a.module ? await import('/' + a.bundle) : window.tinyonnx;
  function ab(s) { var bin = atob(s), u = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i); return u.buffer; }
  function enc(buf) { var u = new Uint8Array(buf), s = ''; for (var i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000)); return btoa(s); }
  var session = api.loadUrl ? await api.loadUrl('model.tnx') : api.load(await (await fetch('model.tnx')).arrayBuffer());
  var bufs = {}, dtypes = {};
  for (var k in a.feeds) { bufs[k] = ab(a.feeds[k].b64); dtypes[k] = a.feeds[k].dtype; }
  var d = __tnxDrive(session, __tnxFeeds(bufs, dtypes), a.repeat, function () { return performance.now(); });
  var outs = {};
  for (var n in d.outputs) outs[n] = enc(d.outputs[n]);
  window.__keep = session;   // still alive when memory is measured
  return { outputs: outs, outputInfo: d.outputInfo, us: d.us, ua: navigator.userAgent, vw: [innerWidth, innerHeight] };
}`;

export class ChromiumEngine {
  private constructor(private ctx: any, private userDataDir: string) {}

  static async launch(): Promise<ChromiumEngine> {
    var chromium: any;
    try { chromium = require('playwright-core').chromium; } catch (e) { userError('the chromium engine needs the npm package playwright-core: npm install playwright-core'); }
    var userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-chromium-'));
    try {
      var ctx = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...MOBILE, timeout: 120000,
      });
    } catch (e) {
      fs.rmSync(userDataDir, { recursive: true, force: true });
      throw e;
    }
    return new ChromiumEngine(ctx, userDataDir);
  }

  // Serves `dir`, opens a page that loads the bundle, runs the model, closes the page and server.
  async run(dir: string, bundleFile: string, feeds: Feeds, inputs: IOInfo[], repeat: number, timeoutMs = 600000):
      Promise<{ outputs: Record<string, TypedArray>; outputInfo: IOInfo[]; usPerInference: number; memoryBytes?: number; userAgent: string; viewport: number[] }> {
    var module = bundleFile.endsWith('.mjs');
    var html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      (module ? '' : `<script src="${bundleFile}"></script>`) + `<script>${DRIVER}</script></head><body>tinyonnx</body></html>`;
    var srv = await serve(dir, { 'index.html': html });
    var page = await this.ctx.newPage();
    var errors: string[] = [];
    page.on('pageerror', (e: any) => errors.push(String(e && e.message || e)));
    try {
      page.setDefaultTimeout(timeoutMs);
      await page.goto(srv.url + 'index.html', { waitUntil: 'load' });
      if (errors.length) throw new Error(`chromium: ${errors[0]}`);
      var spec = feedSpec(feeds, inputs);
      var cdp = await this.ctx.newCDPSession(page);
      var arg = { module, bundle: bundleFile, feeds: spec, repeat };
      var r = await page.evaluate(`(${PAGE_MAIN})(${JSON.stringify(arg)})`);
      // JS heap plus ArrayBuffer backing stores (model copy and arena), as V8 counts them.
      var heap = await cdp.send('Runtime.getHeapUsage');
      var memoryBytes = heap.usedSize + (heap.backingStorageSize || 0);
      var outputs: Record<string, TypedArray> = {};
      for (var o of r.outputInfo as IOInfo[]) outputs[o.name] = fromBytes(o.dtype, unb64(r.outputs[o.name]));
      return { outputs, outputInfo: r.outputInfo, usPerInference: r.us === null ? NaN : r.us, memoryBytes, userAgent: r.ua, viewport: r.vw };
    } finally {
      await page.close().catch(() => {});
      await srv.close();
    }
  }

  // A fresh page in this browser (mobile viewport), for tests that drive their own pages.
  async newPage(): Promise<any> { return this.ctx.newPage(); }

  async close() {
    await this.ctx.close().catch(() => {});
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }
}
