// The build API (api/index.ts): in memory, writeBuild as a set (SIGKILL-safe), typed errors,
// and runtime.d.ts checked by tsc.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { build, writeBuild, convert, inspect, TinyonnxError, BuildResult } from '../dist/host/api/index';   // the package's CommonJS entry, as users require it
import { modelSpec, randomFeeds } from './models';
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

  // A child process writes builds into one folder, alternating the node and webview sets (their
  // file names differ, so stale files must go), and is SIGKILLed: after each of its file
  // operations in turn (TINYONNX_KILL_AT_STEP, api/write.ts), then at random moments. After the
  // next command (the CLI's inspect, or the API's) the folder holds the old set or the new one,
  // byte for byte, the user's own files and folder untouched, and no temporary folder is left.
  it('a build killed at any moment leaves the folder as it was or complete after the next command, and no temporary files', async () => {
    var dir = path.join(TMP, 'api-kill'), data = path.join(TMP, 'api-kill-builds.json');
    var enc = (r: BuildResult) => Object.entries(r.files).map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('base64'), typeof v === 'string']);
    fs.writeFileSync(data, JSON.stringify([enc(nodeBuild), enc(webviewBuild)]));
    var script = (loop: boolean) => `var w = require(${JSON.stringify(path.join(ROOT, 'dist/host/api/write.js'))});
      var sets = JSON.parse(require('fs').readFileSync(${JSON.stringify(data)}, 'utf8')).map(s => ({ files: Object.fromEntries(s.map(([k, v, t]) => [k, t ? v : Buffer.from(v, 'base64')])) }));
      var first = +process.argv[1];
      process.stdout.write('ready\\n');
      for (var i = first; ; i++) { w.writeBuild(sets[i % 2], ${JSON.stringify(dir)}); if (!${loop}) break; }`;
    var builds = [nodeBuild, webviewBuild], sets = builds.map(r => Object.keys(r.files).sort().join());
    var mine = ['notes.txt', 'sub'];
    var nextCommand = (viaCli: boolean) => {
      if (!viaCli) return inspect(path.join(dir, 'model.tnx'));
      var r = spawnSync(process.execPath, [path.join(ROOT, 'bin/tinyonnx.js'), 'inspect', path.join(dir, 'model.tnx')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    var check = (what: string) => {
      var listing = fs.readdirSync(dir).filter(f => mine.indexOf(f) < 0).sort().join();
      expect(sets, what).toContain(listing);
      var which = builds[sets.indexOf(listing)];
      for (var f of Object.keys(which.files))
        expect(Buffer.from(fs.readFileSync(path.join(dir, f))).equals(Buffer.from(which.files[f] as any)), `${what}: ${f}`).toBe(true);
      expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), what).toBe('mine');
      expect(fs.readdirSync(TMP).filter(f => f.startsWith('.api-kill.tinyonnx-')), what).toEqual([]);
      return sets.indexOf(listing);
    };
    fs.rmSync(dir, { recursive: true, force: true });
    writeBuild(nodeBuild, dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    var current = 0, outcomes = [0, 0], killed = 0;
    for (var withFolder of [false, true]) {
      if (withFolder) fs.mkdirSync(path.join(dir, 'sub'));
      for (var n = 1; ; n++) {   // kill after file operation n, until a build finishes before its n-th
        var r = spawnSync(process.execPath, ['-e', script(false), String(1 - current)], { env: { ...process.env, TINYONNX_KILL_AT_STEP: String(n) }, encoding: 'utf8' });
        if (r.signal === 'SIGKILL') killed++;
        else expect(r.status, r.stderr).toBe(0);
        nextCommand(n % 4 === 1);
        var now = check(`${withFolder ? 'with a user folder' : 'only files'}, killed after step ${n}`);
        outcomes[now === current ? 0 : 1]++;
        if (r.signal !== 'SIGKILL') { expect(now).toBe(1 - current); current = now; break; }
        current = now;
      }
    }
    expect(killed).toBeGreaterThan(20);
    expect(outcomes[0] * outcomes[1]).toBeGreaterThan(0);   // kills both before and after the commit point
    for (var round = 0; round < 10; round++) {   // and at random moments of a loop of builds
      var child = spawn(process.execPath, ['-e', script(true), String(round)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>(res => child.stdout!.once('data', () => res()));
      await new Promise(res => setTimeout(res, 5 + Math.floor(Math.random() * 60)));
      child.kill('SIGKILL');
      await new Promise(res => child.once('exit', res));
      nextCommand(round % 3 === 0);
      check(`random kill, round ${round}`);
    }
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual([]);
  }, 240000);

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
