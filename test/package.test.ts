// The package as a user gets it: `npm pack`, installed into a fresh folder from the tarball
// (dependencies from npm's cache where it has them), then required, imported and run through npx.
// It takes 1-3 minutes (an npm install), so `npm test` skips it; .ci/run runs it with
// TINYONNX_PACKAGE_TEST=1 (or: npm run package-check).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { modelSpec } from './models';

var ROOT = path.join(__dirname, '..');
var VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
var alexa = modelSpec('alexa_v0.1').file;
var npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe.skipIf(!process.env.TINYONNX_PACKAGE_TEST)('the published package', () => {
  var app = '';
  beforeAll(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-pkg-'));
    // dist/ is built (npm test builds first); --ignore-scripts skips rebuilding it in prepare
    var tgz = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', app], ROOT))[0].filename;
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(app, tgz)], app);
  }, 180000);
  afterAll(() => { if (app) fs.rmSync(app, { recursive: true, force: true }); });

  it('require(\'tinyonnx\') builds alexa in memory', () => {
    var script = `const t = require('tinyonnx');
      t.build({ model: ${JSON.stringify(alexa)} }).then(r => console.log(JSON.stringify({ files: Object.keys(r.files), tnx: r.files['model.tnx'].length, version: t.version() })));`;
    var out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: app, encoding: 'utf8' }));
    expect(out.files).toContain('runtime.cjs');
    expect(out.files).toContain('runtime.d.ts');
    expect(out.tnx).toBeGreaterThan(1000);
    expect(out.version).toBe(VERSION);
  }, 120000);

  it('import { build } from \'tinyonnx\' builds alexa in memory; errors are TinyonnxError', () => {
    fs.writeFileSync(path.join(app, 'use.mjs'), `import { build, TinyonnxError } from 'tinyonnx';
      const r = await build({ model: ${JSON.stringify(alexa)}, target: 'webview' });
      let code = null;
      try { await build({ model: 'nope.onnx' }); } catch (e) { code = e instanceof TinyonnxError ? e.code : 'other'; }
      console.log(JSON.stringify({ files: Object.keys(r.files), code }));`);
    var out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: app, encoding: 'utf8' }));
    expect(out.files).toContain('runtime.js');
    expect(out.code).toBe('NOT_FOUND');
  }, 120000);

  it('npx tinyonnx --version prints the package\'s version', () => {
    expect(execFileSync('npx', ['--no-install', 'tinyonnx', '--version'], { cwd: app, encoding: 'utf8' }).trim()).toBe(VERSION);
  }, 60000);

  it('tsc accepts a TypeScript file using the API and a generated runtime.d.ts, and refuses a misspelled input', () => {
    var use = `import { build, writeBuild, BuildResult, TinyonnxError } from 'tinyonnx';
import { load } from './out/runtime';
export async function make(): Promise<BuildResult> { const r = await build({ model: 'a.onnx', target: 'node', shapes: { x: [1, 2] } }); writeBuild(r, 'out'); return r; }
export function check(e: unknown) { return e instanceof TinyonnxError ? e.code : null; }
export const score: Float32Array = load(new Uint8Array(0)).run({ 'onnx::Flatten_0': new Float32Array(1536) })['13'];
`;
    execFileSync(process.execPath, ['-e', `require('tinyonnx').build({ model: ${JSON.stringify(alexa)} }).then(r => require('tinyonnx').writeBuild(r, 'out'))`], { cwd: app });
    fs.writeFileSync(path.join(app, 'use.ts'), use);
    fs.writeFileSync(path.join(app, 'bad.ts'), use.replace("'onnx::Flatten_0'", "'onnx::Flatten_O'"));
    var tsc = (f: string) => { try { execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--target', 'es2020', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types'), f], { cwd: app, encoding: 'utf8' }); return ''; }
      catch (e: any) { return String(e.stdout) || 'failed'; } };
    expect(tsc('use.ts')).toBe('');
    expect(tsc('bad.ts')).toMatch(/Flatten_O/);
  }, 120000);

  it('ships no conformance harness and no tests', () => {
    var pkg = path.join(app, 'node_modules', 'tinyonnx');
    expect(fs.existsSync(path.join(pkg, 'dist/host/conformance'))).toBe(false);
    expect(fs.existsSync(path.join(pkg, 'test'))).toBe(false);
    expect(fs.existsSync(path.join(pkg, 'LICENSE'))).toBe(true);
  });
});
