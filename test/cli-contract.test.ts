// The CLI contract (issue 13 point 5): every mistake is one line and exit 1, found before any
// work, and nothing is written.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { cli, expectUserError } from './cli';
import { modelSpec } from './models';
import { TMP } from './buildCache';

var alexa = modelSpec('alexa_v0.1').file;
var ROOT = path.join(__dirname, '..');

describe('CLI contract', () => {
  it('bad flags and values: one line, exit 1, nothing written', () => {
    var out = path.join(TMP, 'contract-out');
    var cases: [string[], RegExp][] = [
      [['build', alexa, '--taget', 'espruino', '-o', out], /^tinyonnx: Unknown argument: taget$/],
      [['build', alexa, '--target', 'esp32', '-o', out], /--target esp32: expected one of node, webview, quickjs, espruino$/],
      [['build', alexa], /build: name the output folder with -o DIR/],
      [['build', alexa, '-o', ''], /--out needs a value/],
      [['build', alexa, '-o'], /--out needs a value/],
      [['build', alexa, '-o', out, '--quantize', 'int4'], /--quantize int4: expected one of int8, dynamic/],
      [['build', alexa, '-o', out, '--calibrate', 'x'], /--calibrate only applies to quantized builds/],
      [['build', alexa, '-o', out, '--shape', 'x=1xQ'], /whole numbers/],
      [['run', out, '--repeat', '0'], /--repeat 0: expected a whole number of 1 or more/],
      [['run', out, '--repeat', '-5'], /--repeat -5: expected a whole number/],
      [['run', out, '--repeat', 'abc'], /--repeat \(not a number\): expected a whole number/],
      [['run', out, '--engine', 'spidermonkey'], /--engine spidermonkey: expected one of node, quickjs, duktape, chromium/],
      [['size'], /^tinyonnx: size: name at least one build folder$/],
      [['frobnicate'], /Unknown argument: frobnicate/],
    ];
    for (var [args, pattern] of cases) expectUserError(cli(...args), pattern);
    expect(fs.existsSync(out)).toBe(false);
  }, 120000);

  it('filesystem mistakes on the user\'s paths: one line, exit 1', () => {
    var file = path.join(TMP, 'contract-a-file');
    fs.writeFileSync(file, 'x');
    expectUserError(cli('build', TMP, '-o', path.join(TMP, 'c1')), /is a folder; give the \.onnx file inside it/);
    expectUserError(cli('build', alexa, '-o', file), /contract-a-file: is a file, not a folder; give -o a folder/);
    expectUserError(cli('build', alexa, '-o', path.join(file, 'sub')), /cannot use as the output folder: a part of this path is a file/);
    expectUserError(cli('build', alexa, '-o', path.join(TMP, 'n'.repeat(300))), /cannot use as the output folder: name too long/);
    expectUserError(cli('inspect', TMP), /is a folder; give a \.onnx or \.tnx file/);
    expect(fs.readdirSync(TMP).filter(f => f.includes('.tinyonnx-'))).toEqual([]);
  }, 120000);

  it('run without inputs says so; --random feeds seeded ones', () => {
    var out = path.join(TMP, 'contract-run');
    expect(cli('build', alexa, '-o', out).code).toBe(0);
    expectUserError(cli('run', out), /run: give the inputs with --inputs .* or --random .*'onnx::Flatten_0' float32 \[1,16,96\]/);
    var r = cli('run', out, '--random', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['13']);
  }, 120000);

  it('--version is tinyonnx\'s own', () => {
    var r = cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('run --random on builds whose input is float16, bfloat16, float8, int4 or string', () => {
    var backend = path.join(ROOT, '..', 'shared', 'onnx-backend-tests', 'node');
    for (var t of ['test_cast_FLOAT16_to_FLOAT', 'test_cast_BFLOAT16_to_FLOAT', 'test_cast_FLOAT8E4M3FN_to_FLOAT', 'test_cast_INT4_to_FLOAT', 'test_equal_string']) {
      var model = path.join(backend, t, 'model.onnx');
      if (!fs.existsSync(model)) { console.log(`skipped ${t}: the ONNX backend tests are not in ../shared`); continue; }
      var out = path.join(TMP, 'contract-' + t);
      expect(cli('build', model, '-o', out).code).toBe(0);
      var r = cli('run', out, '--random', '--json');
      expect(r.code, `${t}: ${r.stderr}`).toBe(0);
      var outs = JSON.parse(r.stdout), first = Object.keys(outs)[0];
      expect(outs[first].length, t).toBeGreaterThan(0);
    }
  }, 600000);   // ten CLI runs: minutes on a loaded machine
});
