// The build API (api/index.ts): in memory, writeBuild as a set (SIGKILL-safe), typed errors,
// and runtime.d.ts checked by tsc.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { build, writeBuild, convert, inspect, TinyonnxError, BuildResult } from '../dist/host/api/index';   // the package's CommonJS entry, as users require it
import { modelSpec, randomFeeds } from './models';
import { recoverInterrupted } from '../api/write';
import { TMP } from './buildCache';

var alexa = modelSpec('alexa_v0.1');
var ROOT = path.join(__dirname, '..');

describe('build API', () => {
  var nodeBuild: BuildResult, webviewBuild: BuildResult;
  beforeAll(async () => {
    nodeBuild = await build({ model: new Uint8Array(fs.readFileSync(alexa.file)), name: 'alexa_v0.1.onnx' });
    webviewBuild = await build({ model: alexa.file, target: 'webview' });
  }, 120000);

  it('builds in memory from bytes: the files, ops and a typed report; nothing written', () => {
    expect(Object.keys(nodeBuild.files)).toEqual(['model.tnx', 'ops.json', 'runtime.cjs', 'runtime.cjs.map', 'runtime.mjs', 'runtime.mjs.map', 'runtime.d.ts', 'size-report.json']);
    expect(nodeBuild.files['model.tnx']).toBeInstanceOf(Uint8Array);
    expect(nodeBuild.ops.kernels.length).toBeGreaterThan(0);
    expect(nodeBuild.report.builds[0].id).toBe('alexa_v0.1.onnx/node');
    expect(nodeBuild.report.builds[0].bundle!.raw).toBeGreaterThan(nodeBuild.report.builds[0].bundle!.min);
    // the runtime it made runs the model it made
    var mod: any = { exports: {} };
    new Function('module', 'exports', 'require', nodeBuild.files['runtime.cjs'] as string)(mod, mod.exports, require);
    var out = mod.exports.load(nodeBuild.files['model.tnx']).run(randomFeeds(alexa, 1));
    expect(out['13'].length).toBe(1);
  });

  it('gives the same model.tnx from a path as from bytes, and convert gives model.tnx and ops.json only', async () => {
    var c = await convert({ model: alexa.file });
    expect(Object.keys(c.files)).toEqual(['model.tnx', 'ops.json']);
    expect(Buffer.from(c.files['model.tnx'] as Uint8Array).equals(Buffer.from(nodeBuild.tnx))).toBe(true);
    expect(inspect(nodeBuild.tnx).inputs).toEqual([{ name: 'onnx::Flatten_0', dtype: 'float32', shape: [1, 16, 96] }]);
  }, 60000);

  it('throws TinyonnxError with a code and one line', async () => {
    var err = async (p: Promise<any>) => { try { await p; } catch (e) { return e as TinyonnxError; } throw new Error('no error'); };
    var e1 = await err(build({ model: path.join(TMP, 'nope.onnx') }));
    expect(e1).toBeInstanceOf(TinyonnxError);
    expect([e1.code, e1.message]).toEqual(['NOT_FOUND', `${path.join(TMP, 'nope.onnx')}: no such file`]);
    var e2 = await err(build({ model: alexa.file, target: 'esp32' as any }));
    expect([e2.code, e2.message]).toEqual(['INVALID_OPTION', `target 'esp32' is not one of node, webview, quickjs, espruino`]);
    var e3 = await err(build({ model: new Uint8Array([1, 2, 3]) }));
    expect(e3.code).toBe('INVALID_INPUT');
    expect(e3.message).not.toMatch(/\n/);
    var file = path.join(TMP, 'api-a-file');
    fs.writeFileSync(file, 'x');
    expect(() => writeBuild(nodeBuild, file)).toThrow(/api-a-file: is a file, not a folder/);
  });

  it('writeBuild replaces the folder\'s tinyonnx files as a set and keeps the user\'s own files', () => {
    var dir = path.join(TMP, 'api-set');
    writeBuild(nodeBuild, dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    writeBuild(webviewBuild, dir);
    expect(fs.readdirSync(dir).sort()).toEqual([...Object.keys(webviewBuild.files), 'notes.txt'].sort());   // no runtime.cjs left
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    fs.mkdirSync(path.join(dir, 'sub'));   // a folder of the user's: files are replaced one by one
    writeBuild(nodeBuild, dir);
    expect(fs.readdirSync(dir).sort()).toEqual([...Object.keys(nodeBuild.files), 'notes.txt', 'sub'].sort());
    expect(fs.readdirSync(TMP).filter(f => f.includes('.tinyonnx-'))).toEqual([]);
  });

  it('a build killed at any moment leaves the folder as it was or complete, and no temporary files after the next', async () => {
    var dir = path.join(TMP, 'api-kill'), data = path.join(TMP, 'api-kill-builds.json');
    var enc = (r: BuildResult) => Object.entries(r.files).map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('base64'), typeof v === 'string']);
    fs.writeFileSync(data, JSON.stringify([enc(nodeBuild), enc(webviewBuild)]));
    var script = `var w = require(${JSON.stringify(path.join(ROOT, 'dist/host/api/write.js'))});
      var sets = JSON.parse(require('fs').readFileSync(${JSON.stringify(data)}, 'utf8')).map(s => ({ files: Object.fromEntries(s.map(([k, v, t]) => [k, t ? v : Buffer.from(v, 'base64')])) }));
      process.stdout.write('ready\\n');
      for (var i = 0; ; i++) w.writeBuild(sets[i % 2], ${JSON.stringify(dir)});`;
    var sets = [nodeBuild, webviewBuild].map(r => Object.keys(r.files).sort().join());
    writeBuild(nodeBuild, dir);
    for (var round = 0; round < 12; round++) {
      var child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>(res => child.stdout!.once('data', () => res()));
      await new Promise(res => setTimeout(res, 5 + Math.floor(Math.random() * 60)));
      child.kill('SIGKILL');
      await new Promise(res => child.once('exit', res));
      // a kill between the swap's two renames leaves the old folder beside it: the next build puts it back first
      if (!fs.existsSync(dir)) recoverInterrupted(dir);
      var listing = fs.readdirSync(dir).sort().join();
      expect(sets, `round ${round}`).toContain(listing);
      var which = listing === sets[0] ? nodeBuild : webviewBuild;
      for (var f of Object.keys(which.files))
        expect(Buffer.from(fs.readFileSync(path.join(dir, f))).equals(Buffer.from(which.files[f] as any)), f).toBe(true);
    }
    writeBuild(nodeBuild, dir);
    expect(fs.readdirSync(TMP).filter(f => f.startsWith('.api-kill.tinyonnx-'))).toEqual([]);
  }, 60000);

  it('runtime.d.ts types the session: tsc accepts the right input name and refuses a misspelled one', () => {
    var dir = path.join(TMP, 'api-types');
    writeBuild(nodeBuild, dir);
    var good = `import { load } from './runtime';\nconst s = load(new Uint8Array(0));\nconst out: Float32Array = s.run({ 'onnx::Flatten_0': new Float32Array(1536) })['13'];\nexport { out };\n`;
    fs.writeFileSync(path.join(dir, 'good.ts'), good);
    fs.writeFileSync(path.join(dir, 'bad.ts'), good.replace("'onnx::Flatten_0'", "'onnx::Flaten_0'"));
    var tsc = (f: string) => spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict',
      '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2020', path.join(dir, f)], { encoding: 'utf8' });
    var ok = tsc('good.ts');
    expect(ok.status, ok.stdout).toBe(0);
    var bad = tsc('bad.ts');
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/Flaten_0/);
  }, 240000);   // two tsc runs: slow on a busy machine
});
