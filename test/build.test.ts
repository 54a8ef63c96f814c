// Build properties: determinism, tree-shaking, output files, ops.json.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { build } from '../api/build';
import { modelSpec } from './models';
import { TMP } from './buildCache';

var alexa = modelSpec('alexa_v0.1');

describe('build', () => {
  it('is deterministic: building twice gives byte-identical files', async () => {
    var a = path.join(TMP, 'det-a'), b = path.join(TMP, 'det-b');
    var ra = await build({ input: alexa.file, outDir: a });
    await build({ input: alexa.file, outDir: b });
    for (var f of Object.keys(ra.files)) expect(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f).toBe(true);
    var silero = modelSpec('silero_vad_v5');
    var sa = await build({ input: silero.file, outDir: path.join(TMP, 'det-sa'), shapes: silero.shapes, consts: silero.consts });
    await build({ input: silero.file, outDir: path.join(TMP, 'det-sb'), shapes: silero.shapes, consts: silero.consts });
    for (var f of Object.keys(sa.files)) expect(fs.readFileSync(path.join(TMP, 'det-sa', f)).equals(fs.readFileSync(path.join(TMP, 'det-sb', f))), f).toBe(true);
  }, 240000);   // four builds (two of Silero): minutes on a loaded 2-core machine

  it('writes the files the README promises, and ops.json names the op set', async () => {
    var dir = path.join(TMP, 'files');
    var r = await build({ input: alexa.file, outDir: dir });
    expect(Object.keys(r.files).sort()).toEqual(['model.tnx', 'ops.json', 'runtime.cjs', 'runtime.cjs.map', 'runtime.d.ts', 'runtime.mjs', 'runtime.mjs.map', 'size-report.json']);
    expect(fs.readdirSync(dir).sort()).toEqual(Object.keys(r.files).sort());
    var ops = JSON.parse(fs.readFileSync(path.join(dir, 'ops.json'), 'utf8'));
    expect(ops.ops.map((o: any) => o.op)).toEqual(['Flatten', 'Gemm']);   // Relu and Sigmoid run in Gemm's epilogue (fuseActivation)
    expect(ops.ops.every((o: any) => o.domain === '' && o.opset === 13 && o.dtypes.join() === 'float32')).toBe(true);
    expect(fs.readdirSync(dir).filter(f => f.includes('.tmp-'))).toEqual([]);
    expect(fs.readdirSync(TMP).filter(f => f.includes('.tinyonnx-'))).toEqual([]);
  }, 60000);

  it('tree-shakes: the alexa bundle holds no code of kernels it does not use', async () => {
    var dir = path.join(TMP, 'shake');
    var r = await build({ input: alexa.file, outDir: dir });
    var map = JSON.parse(fs.readFileSync(path.join(dir, 'runtime.cjs.map'), 'utf8'));
    var kernelSources = map.sources.filter((s: string) => /device\/kernels\/[a-z0-9]+\/[A-Z]\w*\.js$/.test(s))
      .map((s: string) => s.replace(/^.*device\/kernels\//, '').replace(/\.js$/, '')).sort();
    expect(kernelSources).toEqual(r.manifest.kernels);
    var code = fs.readFileSync(path.join(dir, 'runtime.cjs'), 'utf8');
    // Strings that only other kernels contain (their error messages) are absent.
    expect(code).not.toMatch(/cannot reshape/);
    expect(code).not.toMatch(/cannot be broadcast/);
  }, 60000);
});
