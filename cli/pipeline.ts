// `tinyonnx build a.onnx b.onnx -o DIR` and `tinyonnx build --config tinyonnx.config.json`:
// one runtime for several models (api/pipeline.ts). --shape and --const apply to every model
// with an input of that name.
import * as path from 'path';
import { buildPipeline, readConfig, PipelineModel } from '../api/pipeline';
import { checkOutput } from '../api/write';
import { BuildOptions, Target } from '../api/build';
import { decodeOnnx } from '../converter/readOnnx';
import { userError } from '../base/errors';
import * as fs from 'fs';

// The flags' shapes and consts split by the models that have those inputs.
function perModel(files: string[], opts: BuildOptions): PipelineModel[] {
  var used = new Set<string>();
  var models = files.map(file => {
    var m: PipelineModel = { ...opts, model: file, shapes: {}, consts: {} };
    var inputs: string[];
    try { inputs = decodeOnnx(fs.readFileSync(file), file).graph.inputs; } catch (e) { inputs = []; }   // build() names a bad file
    for (var [k, from] of [['shapes', opts.shapes], ['consts', opts.consts]] as const)
      for (var name in from || {}) if (inputs.indexOf(name) >= 0) { (m as any)[k][name] = from![name]; used.add(name); }
    return m;
  });
  for (var name of [...Object.keys(opts.shapes || {}), ...Object.keys(opts.consts || {})])
    if (!used.has(name)) userError(`--shape/--const ${name}: none of the models has an input '${name}'`, 'INVALID_OPTION');
  return models;
}

export async function pipelineCommand(argv: any, files: string[], opts: BuildOptions) {
  var jobs: { target: Target; out: string; models: PipelineModel[] }[] = [];
  if (argv.config) {
    if (files.length) userError('build: give the models either on the command line or in --config, not both', 'INVALID_OPTION');
    var c = readConfig(argv.config);
    var out = argv.out !== undefined ? argv.out : c.out;
    if (out === undefined) userError(`${argv.config}: name the output folder ("out") or pass -o DIR`, 'INVALID_OPTION');
    for (var t of argv.target ? [argv.target] : c.targets) jobs.push({ target: t, out: c.targets.length > 1 && !argv.target ? path.join(out, t) : out, models: c.models });
  } else jobs.push({ target: opts.target || 'node', out: argv.out, models: perModel(files, opts) });
  for (var j of jobs) checkOutput(j.out);
  for (var j of jobs) {
    var r = await buildPipeline({ models: j.models, target: j.target, outDir: j.out });
    var p = r.report.pipeline;
    console.log(`${j.out}: ${Object.keys(r.files).join(', ')}`);
    console.log(`${j.target} runtime for ${r.models.length} models: ${p.runtime.min} B min / ${p.runtime.gzip} B gzip; core ${p.core.gzip} B gzip, shared kernels ${p.shared.bytes} B` +
      p.models.map(m => `; ${m.name}: ${m.tnx} B .tnx, own kernels ${m.ownBytes} B`).join(''));
  }
}
