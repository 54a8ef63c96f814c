// Size reports (issue 4): attribution adds up and predicts what removing a kernel saves; the
// HTML report renders in Chromium; budgets, baselines and history; RAM figures hold up against
// a real QuickJS.
import { describe, it, expect, vi, afterEach, afterAll } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { buildSpec, TMP } from './buildCache';
import { modelSpec } from './models';
import { main } from '../cli/main';
import { size } from '../api/size';
import { measureDir } from '../size-reports/report';
import { attribute } from '../size-reports/attribute';
import { stripMapComment, minSizes } from '../size-reports/measure';
import { decodeMappings } from '../base/sourcemap';
import { checkBudgets, exceededMessage, parseBudget } from '../size-reports/budget';
import { HISTORY_HEADER } from '../size-reports/history';
import { parseBytes } from '../size-reports/units';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { profileOf } from '../targets/profiles';

var DEMOS = ['alexa_v0.1', 'melspectrogram', 'embedding_model', 'silero_vad_v5'];
var OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-size-'));
var sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
var dirOf = async (name: string, target = 'node') => (await buildSpec(modelSpec(name), { target })).dir;

afterEach(() => { vi.restoreAllMocks(); });
// TINYONNX_KEEP_OUTPUT=1 keeps the reports and the screenshot (report.png) to look at
afterAll(() => { if (!process.env.TINYONNX_KEEP_OUTPUT) fs.rmSync(OUT, { recursive: true, force: true }); });

describe('source map attribution', () => {
  it('reads mappings into segments (spec examples: negative deltas, multi-digit values, unmapped segments)', () => {
    // "AAAA" = [0,0,0,0]; "gBAAgB" = col +16, src 0, line 0, col +16; "D" = col -1; ";" = next line
    var map = (mappings: string) => ({ version: 3, sources: ['a.ts', 'b.ts'], names: [], mappings });
    expect(decodeMappings(map('AAAA,gBAAgB;ACAA,E'))).toEqual([
      [{ col: 0, src: 0, line: 0, ocol: 0 }, { col: 16, src: 0, line: 0, ocol: 16 }],
      [{ col: 0, src: 1, line: 0, ocol: 16 }, { col: 2, src: -1, line: -1, ocol: -1 }],
    ]);
    expect(decodeMappings(map('AACD'))).toEqual([[{ col: 0, src: 0, line: 1, ocol: -1 }]]);
  });

  for (var name of DEMOS) ((name) => {
    it(`${name}: every byte of the minified bundle is attributed once (sum within 1%, exactly here)`, async () => {
      var dir = await dirOf(name);
      var r = JSON.parse(fs.readFileSync(path.join(dir, 'size-report.json'), 'utf8'));
      var b = r.builds[0];
      var onDisk = minSizes(fs.readFileSync(path.join(dir, 'runtime.cjs'), 'utf8')).min;
      expect(b.bundle.min).toBe(onDisk);
      var total = sum(b.attribution.entries.map((e: any) => e.bytes));
      expect(Math.abs(total - b.bundle.min) / b.bundle.min).toBeLessThanOrEqual(0.01);
      expect(total).toBe(b.bundle.min);
      expect(sum(Object.values(b.attribution.groups) as number[])).toBe(b.bundle.min);
      // the unmapped remainder is a sliver, not a place where bytes hide
      expect(b.attribution.groups.unattributed / b.bundle.min).toBeLessThan(0.01);
      // one entry per kernel of ops.json, and kernels' bytes are the kernel group
      var ops = JSON.parse(fs.readFileSync(path.join(dir, 'ops.json'), 'utf8'));
      expect(b.kernels.map((k: any) => k.file).sort()).toEqual(ops.kernels);
      expect(sum(b.kernels.map((k: any) => k.bytes))).toBe(b.attribution.groups.kernel);
      for (var k of b.kernels) expect(k.bytes).toBe(k.own + k.table + sum(k.utils.map((u: any) => u.bytes)));
      expect(b.attribution.groups.runtime).toBeGreaterThan(1000);
      expect(b.attribution.groups.format).toBeGreaterThan(1000);
    });
  })(name);

  it('espruino (IIFE, ES5, target glue): attribution sums to the bundle and the glue is counted', async () => {
    var dir = await dirOf('alexa_v0.1', 'espruino');
    var b = (await measureDir(dir));
    expect(b.bundle!.file).toBe('runtime.js');
    expect(sum(b.attribution!.entries.map(e => e.bytes))).toBe(b.bundle!.min);
    expect(b.attribution!.groups.unattributed / b.bundle!.min).toBeLessThan(0.01);
  });

  it('removing a kernel shrinks the bundle by its attributed bytes, within 5%', async () => {
    // melspectrogram: 13 kernels, among them Conv and MatMul sharing parts of util/nn-gemm and util/shape
    var dir = await dirOf('melspectrogram');
    var refs = kernelRefs(JSON.parse(fs.readFileSync(path.join(dir, 'ops.json'), 'utf8')).kernels);
    var profile = profileOf('node');
    var full = (await buildBundle(refs, profile))[0];
    var code = stripMapComment(full.code);
    var a = attribute(code, JSON.parse(full.map), refs);
    var checked = 0;
    for (var k of a.kernels) {
      // Kernels under 100 B are left out: Rollup's renaming (prepare$7 → prepare$6) and Terser's
      // var merging move a few bytes elsewhere when one goes, which is more than 5% of 50 B.
      if (k.bytes < 100) continue;
      var less = (await buildBundle(refs.filter(r => r.file !== k.file), profile))[0];
      var shrink = Buffer.byteLength(code) - Buffer.byteLength(stripMapComment(less.code));
      expect(Math.abs(shrink - k.bytes) / k.bytes, `${k.op}: attributed ${k.bytes} B, removing it saves ${shrink} B`).toBeLessThanOrEqual(0.05);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  }, 180000);

  it('the no-kernel baseline is the bundle without its kernels and shared utils (within 1%)', async () => {
    for (var name of ['alexa_v0.1', 'silero_vad_v5']) {
      var b = JSON.parse(fs.readFileSync(path.join(await dirOf(name), 'size-report.json'), 'utf8')).builds[0];
      var rest = b.bundle.min - b.attribution.groups.kernel - b.attribution.groups.utils;
      expect(Math.abs(rest - b.baseline.min) / b.baseline.min, name).toBeLessThanOrEqual(0.01);
    }
  });
});

describe('the size report of a build', () => {
  it('build writes the same entry `tinyonnx size` measures from the folder', async () => {
    var dir = await dirOf('silero_vad_v5');
    var written = JSON.parse(fs.readFileSync(path.join(dir, 'size-report.json'), 'utf8'));
    expect(written.version).toBe(2);
    expect(JSON.parse(JSON.stringify(await measureDir(dir)))).toEqual(written.builds[0]);
  });

  it('model, RAM and the four-way split add up', async () => {
    var b = JSON.parse(fs.readFileSync(path.join(await dirOf('melspectrogram'), 'size-report.json'), 'utf8')).builds[0];
    var m = b.model;
    expect(m.weights.bytes + m.padding + m.graph.bytes + m.metadata.bytes).toBe(m.bytes);
    expect(sum(m.weights.byDtype.map((d: any) => d.bytes))).toBe(m.weights.bytes);
    expect(m.source.bytes).toBe(fs.statSync(modelSpec('melspectrogram').file).size);
    expect(b.ram.lowerBound).toBeGreaterThan(0);
    expect(b.ram.lowerBound).toBeLessThanOrEqual(b.ram.arena);
    expect(b.split.activationRam).toBe(b.ram.arena);
    expect(b.split.runtimeRam).toBe(b.ram.kernels + b.ram.objects);
    expect(b.split.weightsFlash + b.split.codeFlash).toBe(m.bytes + b.bundle.min);
    expect(b.bundle.raw).toBeGreaterThan(b.bundle.min);
    expect(b.bundle.min).toBeGreaterThan(b.bundle.gzip);
    expect(b.bundle.gzip).toBeGreaterThan(b.bundle.brotli);
  });

  it('runtime RAM (measured kernel data + estimated objects) matches what QuickJS really spends on load, within 5%', async () => {
    var { getQuickJS } = require('quickjs-emscripten');
    var Q = await getQuickJS();
    for (var name of ['alexa_v0.1', 'silero_vad_v5']) {
      var dir = await dirOf(name, 'quickjs');
      var b = JSON.parse(fs.readFileSync(path.join(dir, 'size-report.json'), 'utf8')).builds[0];
      var rt = Q.newRuntime(), vm = rt.newContext();
      var mem = () => { var h = rt.computeMemoryUsage(), d = vm.dump(h); h.dispose(); return d.memory_used_size; };
      vm.unwrapResult(vm.evalCode(fs.readFileSync(path.join(dir, 'runtime.js'), 'utf8'))).dispose();
      var tnx = fs.readFileSync(path.join(dir, 'model.tnx'));
      var ab = vm.newArrayBuffer(tnx.buffer.slice(tnx.byteOffset, tnx.byteOffset + tnx.length));
      vm.setProp(vm.global, 'MODEL', ab);
      ab.dispose();
      vm.unwrapResult(vm.evalCode('var bytes = new Uint8Array(MODEL); 0')).dispose();
      var before = mem();
      vm.unwrapResult(vm.evalCode('var session = tinyonnx.load(bytes); 0')).dispose();
      var used = mem() - before;
      vm.dispose(); rt.dispose();
      var predicted = b.ram.arena + b.ram.runtime;
      expect(Math.abs(predicted - used) / used, `${name}: QuickJS ${used} B, report ${predicted} B`).toBeLessThanOrEqual(0.05);
    }
  }, 120000);
});

describe('tinyonnx size: formats, baselines, budgets, history', () => {
  // needs chromium from apt: skipped (vitest lists it) when absent, unless TINYONNX_REQUIRE_ENGINES=1
  var noChromium = !fs.existsSync(process.env.TINYONNX_CHROMIUM || '/usr/bin/chromium') && process.env.TINYONNX_REQUIRE_ENGINES !== '1';
  if (noChromium) console.log('skipped the HTML report test: needs chromium (apt-get install chromium)');
  it.skipIf(noChromium)('renders the HTML report in headless Chromium with the treemap visible', async () => {
    var dirs = [await dirOf('silero_vad_v5'), await dirOf('alexa_v0.1')];
    var file = path.join(OUT, 'report.html');
    var o = await size({ dirs, html: file });
    var { chromium } = require('playwright-core');
    var profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-chromium-'));
    var ctx = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1040, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    try {
      var page = await ctx.newPage();
      var requests: string[] = [];
      page.on('request', (r: any) => requests.push(r.url()));
      await page.goto('file://' + file);
      expect(requests.filter(u => !u.startsWith('file://'))).toEqual([]);   // self-contained
      var treemaps = page.locator('svg.treemap');
      expect(await treemaps.count()).toBe(2);
      await expect(treemaps.first().isVisible()).resolves.toBe(true);
      var box = await treemaps.first().boundingBox();
      expect(box.width).toBeGreaterThan(900);
      expect(box.height).toBeGreaterThan(400);
      // a box per group and per kernel of the first build (silero), laid out with real area
      var silero = o.report.builds[0];
      var leaves = await page.locator('svg.treemap').first().locator('g.leaf rect').evaluateAll((rs: any[]) =>
        rs.map(r => { var b = r.getBoundingClientRect(); return b.width * b.height; }));
      expect(leaves.length).toBeGreaterThanOrEqual(silero.kernels.length);
      expect(await page.locator('svg.treemap').first().locator('g.group').count()).toBe(Object.values(silero.attribution.groups).filter((v: any) => v > 0).length);
      // the biggest kernel's box is where the treemap puts it: hit-test its centre
      var conv = page.locator('svg.treemap').first().locator('g.leaf', { hasText: silero.kernels[0].op }).first();
      var cb = await conv.locator('rect').boundingBox();
      var hit = await page.evaluate(([x, y]: number[]) => { var e = document.elementFromPoint(x, y); return e && e.closest('g.leaf') ? e.closest('g.leaf')!.textContent : null; }, [cb.x + cb.width / 2, cb.y + cb.height / 2]);
      expect(hit).toContain(silero.kernels[0].op);
      expect(await page.locator('svg.composition rect').count()).toBeGreaterThan(6);
      var png = await page.screenshot({ path: path.join(OUT, 'report.png') });
      expect(png.length).toBeGreaterThan(20000);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await ctx.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }, 120000);

  it('diffs against a baseline: per entry and totals, in bytes and %, in JSON and Markdown', async () => {
    var dirs = [await dirOf('alexa_v0.1'), await dirOf('melspectrogram')];
    var head = path.join(OUT, 'head.json');
    await size({ dirs, json: head });
    // The baseline: the same report as an older commit would have it — alexa's runtime 120 B
    // bigger in gzip and its Gemm 200 B bigger, melspectrogram absent, and a build since removed.
    var base = JSON.parse(fs.readFileSync(head, 'utf8'));
    var alexa = base.builds[0];
    alexa.bundle.gzip += 120;
    alexa.kernels.find((k: any) => k.op === 'Gemm').bytes += 200;
    var gone = JSON.parse(JSON.stringify(alexa));
    gone.id = 'old_model.onnx/node';
    base.builds = [alexa, gone];
    var baseFile = path.join(OUT, 'base.json');
    fs.writeFileSync(baseFile, JSON.stringify(base));
    var md = path.join(OUT, 'diff.md');
    var o = await size({ dirs, json: path.join(OUT, 'diffed.json'), markdown: md, baseline: baseFile });
    var d = o.report.diff!;
    var a = d.builds.find(b => b.id === 'alexa_v0.1.onnx/node')!;
    expect(a.status).toBe('changed');
    var g = a.metrics.find(m => m.path === 'bundle.gzip')!;
    expect(g.delta).toBe(-120);
    expect(g.pct).toBe(Math.round(-120 / g.base! * 10000) / 100);
    expect(a.metrics.find(m => m.path === 'model.bytes')!.delta).toBe(0);
    expect(a.kernels.find(k => k.path === 'Gemm')!.delta).toBe(-200);
    expect(d.builds.find(b => b.id === 'melspectrogram.onnx/node')!.status).toBe('new');
    expect(d.builds.find(b => b.id === 'old_model.onnx/node')!.status).toBe('removed');
    var tg = d.totals.find(m => m.path === 'bundle.gzip')!;
    expect(tg.head).toBe(o.report.builds[0].bundle!.gzip + o.report.builds[1].bundle!.gzip);
    expect(tg.base).toBe(2 * alexa.bundle.gzip);
    var text = fs.readFileSync(md, 'utf8');
    expect(text).toContain(`▼ −120 B (${g.pct!.toFixed(1).replace('-', '−')}%)`);
    expect(text).toContain('| Runtime gzip | Δ |');
    expect(text).toContain('`old_model.onnx/node` (removed)');
    expect(text).toMatch(/\| `melspectrogram\.onnx\/node` \| [\d,]+ \| new \|/);
    expect(JSON.parse(fs.readFileSync(path.join(OUT, 'diffed.json'), 'utf8')).diff.baseline).toBe('base.json');
    // a baseline of another schema version is refused in one line
    fs.writeFileSync(path.join(OUT, 'v1.json'), JSON.stringify({ version: 1, builds: [] }));
    await expect(size({ dirs, baseline: path.join(OUT, 'v1.json') })).rejects.toThrow(/size report version 1 is not supported/);
  }, 60000);

  it('budgets: passes within limits; exceeding exits 1 naming each figure on its own line', async () => {
    var dir = await dirOf('alexa_v0.1');
    var b = (await measureDir(dir));
    var ok = path.join(OUT, 'ok-budget.json');
    fs.writeFileSync(ok, JSON.stringify({ version: 1, budgets: { 'alexa_v0.1.onnx/node': { 'bundle.gzip': b.bundle!.gzip, 'model.bytes': '2 MB', 'ram.arena': b.ram.arena } } }));
    var log = vi.spyOn(console, 'log').mockImplementation(() => {});
    var err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['size', dir, '--budget', ok])).toBe(0);
    expect(err.mock.calls).toEqual([]);
    var bad = path.join(OUT, 'bad-budget.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 1, budgets: {
      '*/node': { 'bundle.gzip': b.bundle!.gzip - 13, 'ram.arena': b.ram.arena - 1 },
      'alexa_v0.1.onnx/*': { 'model.bytes': 1000 },
      'nothing/here': { 'bundle.min': 1 },
    } }));
    var md = path.join(OUT, 'budget.md');
    expect(await main(['size', dir, '--budget', bad, '--markdown', md])).toBe(1);
    var lines = err.mock.calls.map(c => String(c[0]));
    // the message's rule: two decimals below 0.1% (13 B over a 13 KB bundle), else one
    var over = (v: number, l: number) => { var p = (v - l) / l * 100; return p < 0.1 ? p.toFixed(2) : p.toFixed(1); };
    expect(lines).toEqual([
      `warning: budget 'nothing/here' matches no build in this report`,
      `budget exceeded: alexa_v0.1.onnx/node bundle.gzip ${b.bundle!.gzip} B > ${b.bundle!.gzip - 13} B (+${over(b.bundle!.gzip, b.bundle!.gzip - 13)}%)`,
      `budget exceeded: alexa_v0.1.onnx/node ram.arena ${b.ram.arena} B > ${b.ram.arena - 1} B (+${(100 / (b.ram.arena - 1)).toFixed(2)}%)`,
      `budget exceeded: alexa_v0.1.onnx/node model.bytes ${b.model.bytes} B > 1000 B (+${over(b.model.bytes, 1000)}%)`,
    ]);
    expect(fs.readFileSync(md, 'utf8')).toContain('**Budgets: ❌ 3 exceeded**');
    expect(log.mock.calls.length).toBeGreaterThan(0);
    // the example line
    expect(exceededMessage({ id: 'alexa_v0.1.onnx/node', path: 'bundle.gzip', value: 4012, limit: 4000, ok: false, pattern: '*' }))
      .toBe('budget exceeded: alexa_v0.1.onnx/node bundle.gzip 4012 B > 4000 B (+0.3%)');
    // mistakes in the budget file are one-line user errors
    fs.writeFileSync(bad, JSON.stringify({ budgets: { '*': { 'bundle.gzp': 10 } } }));
    expect(await main(['size', dir, '--budget', bad])).toBe(1);
    expect(String(err.mock.calls[err.mock.calls.length - 1][0])).toMatch(/^tinyonnx: .*bad-budget\.json: budget '\*': 'bundle\.gzp' is not a size figure/);
    expect(() => parseBudget({ budgets: { '*': { 'bundle.gzip': 'lots' } } }, 'b.json')).toThrow(/"lots" is not a byte size/);
    expect([parseBytes(4000), parseBytes('4 kB'), parseBytes('4KiB'), parseBytes('1.5 MB'), parseBytes('900_000 B')]).toEqual([4000, 4000, 4096, 1500000, 900000]);
    expect(checkBudgets([b], parseBudget({ budgets: { '*': { 'bundle.gzip': '1 MB' } } }, 'b.json')).exceeded).toEqual([]);
  }, 60000);

  it('history: appends commit, target, model and figures to a CSV, header once', async () => {
    var dirs = [await dirOf('alexa_v0.1'), await dirOf('silero_vad_v5')];
    var csv = path.join(OUT, 'sizes.csv');
    var first = await size({ dirs, history: csv });
    await size({ dirs: dirs.slice(0, 1), history: csv });
    var rows = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe(HISTORY_HEADER);
    expect(rows.length).toBe(4);
    var cols = HISTORY_HEADER.split(',');
    var rec = (line: string) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v]));
    var commit: string;
    try { commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch (e) { commit = 'unknown'; }
    var r1 = rec(rows[1]), r2 = rec(rows[2]), r3 = rec(rows[3]);
    expect([r1.commit, r2.commit, r3.commit]).toEqual([commit, commit, commit]);
    expect([r1.model, r1.target, r2.model, r3.model]).toEqual(['alexa_v0.1.onnx', 'node', 'silero_vad_v5.onnx', 'alexa_v0.1.onnx']);
    var a = first.report.builds[0];
    expect(Number(r1.bundle_gzip)).toBe(a.bundle!.gzip);
    expect(Number(r1.bundle_raw)).toBe(a.bundle!.raw);
    expect(Number(r1.arena)).toBe(a.ram.arena);
    expect(Number(r1.model_bytes)).toBe(a.model.bytes);
    expect(rows[3]).toBe(rows[1]);
    // a file with another header is not appended to
    fs.writeFileSync(path.join(OUT, 'other.csv'), 'date,size\n1,2\n');
    await expect(size({ dirs, history: path.join(OUT, 'other.csv') })).rejects.toThrow(/header is not this version's/);
  }, 60000);

  it('a matrix of models and targets in one report; a folder that is not a build is a one-line error', async () => {
    var dirs = [await dirOf('alexa_v0.1'), await dirOf('alexa_v0.1', 'quickjs'), await dirOf('alexa_v0.1', 'espruino')];
    var o = await size({ dirs, markdown: path.join(OUT, 'matrix.md') });
    expect(o.report.builds.map(b => b.id)).toEqual(['alexa_v0.1.onnx/node', 'alexa_v0.1.onnx/quickjs', 'alexa_v0.1.onnx/espruino']);
    // one model.tnx for node and quickjs; espruino's splits weights over 64 KB (converter/passes/splitWide.ts)
    expect(o.report.builds[0].model.bytes).toBe(o.report.builds[1].model.bytes);
    expect(o.report.builds[2].model.bytes).toBeGreaterThan(o.report.builds[0].model.bytes);
    expect(fs.readFileSync(path.join(OUT, 'matrix.md'), 'utf8')).toContain('| **Total** |');
    await expect(size({ dirs: [dirs[0], dirs[0]] })).rejects.toThrow(/each model\/target may appear once/);
    var err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['size', TMP])).toBe(1);
    expect(String(err.mock.calls[0][0])).toMatch(/^tinyonnx: .*: no model\.tnx here/);
  }, 60000);
});
