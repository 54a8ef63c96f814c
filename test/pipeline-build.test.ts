// Pipelines: the openWakeWord trio (melspectrogram → embedding → alexa) as one runtime with a
// .tnx per model, from the command line and from tinyonnx.config.json.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './cli';
import { modelSpec, randomFeeds } from './models';
import { buildSpec, TMP } from './buildCache';

var trio = ['melspectrogram', 'embedding_model', 'alexa_v0.1'].map(modelSpec);
var flags = ['--shape', 'input=1x1760', '--shape', 'input_1=1x76x32x1'];

describe('one runtime for several models', () => {
  var one = path.join(TMP, 'trio-node');
  beforeAll(() => {
    var r = cli('build', ...trio.map(s => s.file), '-o', one, ...flags);
    expect(r.code, r.stderr).toBe(0);
  }, 240000);

  it('loads every model\'s .tnx and gives the outputs of its own runtime, bit for bit', async () => {
    var shared = require(path.join(one, 'runtime.cjs')).load;
    for (var spec of trio) {
      var own = await buildSpec(spec);
      var tnx = fs.readFileSync(path.join(one, path.basename(spec.file, '.onnx') + '.tnx'));
      expect(tnx.equals(fs.readFileSync(path.join(own.dir, 'model.tnx'))), spec.name).toBe(true);
      var feeds = randomFeeds(spec, 3);
      var a = shared(tnx).run(feeds), b = own.load(tnx).run(feeds);
      for (var k in b) expect(Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength)
        .equals(Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength)), `${spec.name} ${k}`).toBe(true);
    }
  }, 240000);

  it('holds the union of the kernels, and the report shows each model\'s share and the shared core', () => {
    var ops = JSON.parse(fs.readFileSync(path.join(one, 'ops.json'), 'utf8'));
    var union = new Set<string>();
    for (var name of Object.keys(ops.models)) ops.models[name].kernels.forEach((k: string) => union.add(k));
    expect(ops.kernels).toEqual(Array.from(union).sort());
    var rep = JSON.parse(fs.readFileSync(path.join(one, 'size-report.json'), 'utf8'));
    expect(rep.builds.map((b: any) => b.id)).toEqual(['melspectrogram.onnx/node', 'embedding_model.onnx/node', 'alexa_v0.1.onnx/node']);
    // shared: the kernels two or more of the models use. For this trio that is none now:
    // melspectrogram's STFT is an FFT (no Conv to share) and embedding_model's Clip runs in its
    // Conv's epilogue; the report says so rather than listing a kernel twice.
    var counts: Record<string, number> = {};
    for (var name of Object.keys(ops.models)) ops.models[name].kernels.forEach((k: string) => { counts[k] = (counts[k] || 0) + 1; });
    expect(rep.pipeline.shared.kernels.slice().sort()).toEqual(Object.keys(counts).filter(k => counts[k] > 1).sort());
    expect(rep.pipeline.models.map((m: any) => m.name)).toEqual(['melspectrogram.onnx', 'embedding_model.onnx', 'alexa_v0.1.onnx']);
    expect(rep.pipeline.core.gzip).toBeGreaterThan(0);
    var dts = fs.readFileSync(path.join(one, 'runtime.d.ts'), 'utf8');
    for (var key of ['"melspectrogram"', '"embedding_model"', '"alexa_v0.1"']) expect(dts).toContain(key);
  });

  it('tinyonnx.config.json: models with their shapes, targets and output folder; one runtime is smaller than three', async () => {
    var dir = path.join(TMP, 'trio-config'), config = path.join(dir, 'tinyonnx.config.json');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(config, JSON.stringify({
      out: 'out', targets: ['webview'],
      models: [{ model: trio[0].file, shapes: { input: [1, 1760] } }, { model: trio[1].file, shapes: { input_1: [1, 76, 32, 1] } }, trio[2].file],
    }));
    var r = cli('build', '--config', config);
    expect(r.code, r.stderr).toBe(0);
    var rep = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'size-report.json'), 'utf8'));
    expect(rep.pipeline.runtime.file).toBe('runtime.mjs');
    var separate = 0;
    for (var spec of trio) separate += (await buildSpec(spec, { target: 'webview' })).result.report.builds[0].bundle!.gzip;
    expect(rep.pipeline.runtime.gzip).toBeLessThan(separate);
    expect(fs.readdirSync(path.join(dir, 'out')).filter(f => f.endsWith('.tnx')).sort()).toEqual(['alexa_v0.1.tnx', 'embedding_model.tnx', 'melspectrogram.tnx']);
  }, 240000);

  it('config mistakes are one line', () => {
    var bad = path.join(TMP, 'bad.config.json');
    fs.writeFileSync(bad, JSON.stringify({ out: 'o', models: [{ model: 'a.onnx', shape: {} }] }));
    var r = cli('build', '--config', bad);
    expect([r.code, r.stderr]).toEqual([1, `tinyonnx: ${bad}: models[0]: unknown key "shape" (known: model, name, shapes, consts, quantize, calibrate, calibrateMethod, percentile, eval, emitQdq)`]);
    var r2 = cli('build', trio[0].file, trio[2].file, '-o', path.join(TMP, 'x'), '--shape', 'nope=1');
    expect([r2.code, r2.stderr]).toEqual([1, `tinyonnx: --shape/--const nope: none of the models has an input 'nope'`]);
  }, 60000);
});
