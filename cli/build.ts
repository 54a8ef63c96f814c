// `tinyonnx build` and `tinyonnx convert`: the build API (api/), its result written with
// writeBuild, and a summary printed.
import { userError } from '../base/errors';
import { build, BuildOptions, BuildResult } from '../api/build';
import { writeBuild, checkOutput } from '../api/write';

function printAccuracy(r: BuildResult) {
  var a = r.report.accuracy;
  if (!a) return;
  var src = a.samples.evalSource === 'random' ? `${a.samples.eval} seeded random inputs` : `${a.samples.eval} ${a.samples.evalSource} samples`;
  for (var name in a.outputs) {
    var o = a.outputs[name];
    console.log(`accuracy '${name}' (${a.mode} vs float, ${src}): max abs err ${o.maxAbsError.toPrecision(3)}, mean abs err ${o.meanAbsError.toPrecision(3)}, SNR ${o.snrDb === null ? 'inf' : o.snrDb} dB`);
  }
}

function withProgress(o: BuildOptions): BuildOptions {
  if (!o.quantize) return o;
  var { progressBar } = require('../converter/int8/quantize/progress');
  return { ...o, quantize: { mode: o.quantize as 'int8' | 'dynamic', calibrate: o.calibrate, method: o.calibrateMethod, percentile: o.percentile,
    eval: o.eval, emitQdq: o.emitQdq, progress: progressBar() }, calibrate: undefined, calibrateMethod: undefined, percentile: undefined, eval: undefined, emitQdq: undefined };
}

export async function buildCommand(argv: any, opts: BuildOptions) {
  var models: string[] = [].concat(argv.models || []).map(String);
  if (argv.config || models.length > 1) {
    var { pipelineCommand } = await import('./pipeline');
    return pipelineCommand(argv, models, opts);
  }
  if (!models.length) userError('build: name a model.onnx (or several, or --config FILE)', 'INVALID_OPTION');
  checkOutput(argv.out);
  var r = await build({ ...withProgress(opts), model: models[0] });
  var names = writeBuild(r, argv.out);
  var b = r.report.builds[0];
  console.log(`${argv.out}: ${names.join(', ')}`);
  console.log(`model.tnx ${b.model.bytes} B (onnx ${b.model.source!.bytes} B), runtime ${b.bundle!.min} B min / ${b.bundle!.gzip} B gzip, arena ${b.ram.arena} B, ${r.ops.ops.length} ops` +
    (b.variables ? `; Espruino ${b.variables.run} of ${b.variables.total} variables after a run${b.variables.how === 'estimate' ? ' (estimate)' : ''}` : ''));
  if (b.espruino && !b.espruino.fits)
    console.log(`warning: this build will not load on a real Espruino board (it views at most 65535 bytes of an ArrayBuffer):\n${b.espruino.problems.map((p: string) => '  - ' + p).join('\n')}`);
  printAccuracy(r);
}

export async function convertCommand(argv: any, opts: BuildOptions) {
  checkOutput(argv.out);
  var r = await build({ ...withProgress(opts), model: argv.model, runtime: false });
  var names = writeBuild(r, argv.out);
  console.log(`${argv.out}: ${names.join(', ')}`);
}
