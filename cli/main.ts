// tinyonnx command line. Exit codes: 0 ok, 1 user error (one line on stderr), 2 internal error.
import yargs from 'yargs';
import { UserError } from '../base/errors';
import { parseConstFlag, parseShapeFlag } from '../converter/passes/specialize';

function specOf(argv: any) {
  var shapes: Record<string, number[]> = {}, consts: Record<string, number[]> = {};
  for (var s of [].concat(argv.shape || [])) { var [n, d] = parseShapeFlag(String(s)); shapes[n] = d; }
  for (var s of [].concat(argv.const || [])) { var [n, v] = parseConstFlag(String(s)); consts[n] = v; }
  return { shapes, consts };
}

var specOptions = {
  shape: { type: 'string' as const, array: true, describe: 'pin an input\'s shape: NAME=1x512 (repeatable)' },
  const: { type: 'string' as const, array: true, describe: 'freeze an input to a constant: NAME=V[,V...] (repeatable)' },
};

var quantOptions = {
  quantize: { type: 'string' as const, choices: ['int8', 'dynamic'], describe: 'int8: static int8 (needs --calibrate); dynamic: int8 weights only (docs/int8.md)' },
  calibrate: { type: 'string' as const, describe: 'folder of calibration inputs (.npy or .json files) for --quantize int8' },
  'calibrate-method': { type: 'string' as const, choices: ['minmax', 'percentile'], describe: 'activation ranges from min/max (default) or percentiles' },
  percentile: { type: 'number' as const, describe: 'with --calibrate-method percentile: the percentile kept (default 99.999)' },
  eval: { type: 'string' as const, describe: 'folder of inputs for the accuracy report (default: the calibration inputs)' },
  'emit-qdq': { type: 'string' as const, describe: 'also write the quantized model as standard QDQ ONNX to this file' },
};

// --quantize and friends → the converter's quantization options (undefined for float builds).
function quantOf(argv: any) {
  if (!argv.quantize) {
    for (var f of ['calibrate', 'calibrate-method', 'percentile', 'eval', 'emit-qdq'])
      if (argv[f] !== undefined) throw new UserError(`--${f} only applies to quantized builds; add --quantize int8 (or dynamic)`);
    return undefined;
  }
  var { progressBar } = require('../converter/int8/quantize/progress');
  return { mode: argv.quantize, calibrate: argv.calibrate, method: argv['calibrate-method'], percentile: argv.percentile,
    eval: argv.eval, emitQdq: argv['emit-qdq'], progress: progressBar() };
}

function printAccuracy(r: any) {
  var a = r.report.accuracy;
  if (!a) return;
  var src = a.samples.evalSource === 'random' ? `${a.samples.eval} seeded random inputs` : `${a.samples.eval} ${a.samples.evalSource} samples`;
  for (var name in a.outputs) {
    var o = a.outputs[name];
    console.log(`accuracy '${name}' (${a.mode} vs float, ${src}): max abs err ${o.maxAbsError.toPrecision(3)}, mean abs err ${o.meanAbsError.toPrecision(3)}, SNR ${o.snrDb === null ? 'inf' : o.snrDb} dB`);
  }
}

export async function main(args: string[]): Promise<number> {
  var code = 0;
  var guard = (fn: (argv: any) => Promise<void> | void) => async (argv: any) => {
    try { await fn(argv); } catch (e: any) { code = report(e); }
  };
  var y = yargs(args)
    .scriptName('tinyonnx')
    .usage('$0 <command> [options]')
    .command('build <model>', 'convert a model and build its runtime bundle', (c) => c
      .positional('model', { type: 'string', describe: 'model.onnx', demandOption: true })
      .option('out', { alias: 'o', type: 'string', describe: 'output folder', demandOption: true })
      .option('target', { type: 'string', choices: ['node', 'webview', 'quickjs', 'espruino'], default: 'node' })
      .option('wasm', { type: 'string', choices: ['on', 'off'], default: 'on', describe: 'node/webview: the WebAssembly SIMD core for MatMul/Gemm/Conv (JS kernels where the engine lacks it); off: JS kernels only' })
      .options(specOptions)
      .options(quantOptions),
      guard(async (argv) => {
        var { build } = await import('../api/build');
        var r = await build({ input: argv.model, outDir: argv.out, target: argv.target, wasm: argv.wasm !== 'off', ...specOf(argv), quantize: quantOf(argv) });
        var b = r.report.builds[0];
        console.log(`${argv.out}: ${r.files.join(', ')}`);
        console.log(`model.tnx ${b.model.bytes} B (onnx ${b.model.source.bytes} B), runtime ${b.bundle.min} B min / ${b.bundle.gzip} B gzip, arena ${b.ram.arena} B, ${r.manifest.ops.length} ops` +
          (r.report.wasm ? `, wasm core ${r.report.wasm.bytes} B` : ''));
        if (b.espruino && !b.espruino.fits)
          console.log(`warning: this build will not load on a real Espruino board (it views at most 65535 bytes of an ArrayBuffer):\n${b.espruino.problems.map((p: string) => '  - ' + p).join('\n')}`);
        printAccuracy(r);
      }))
    .command('convert <model>', 'write only model.tnx and ops.json', (c) => c
      .positional('model', { type: 'string', demandOption: true })
      .option('out', { alias: 'o', type: 'string', demandOption: true })
      .options(specOptions)
      .options(quantOptions),
      guard(async (argv) => {
        var { build } = await import('../api/build');
        var r = await build({ input: argv.model, outDir: argv.out, runtime: false, ...specOf(argv), quantize: quantOf(argv) });
        console.log(`${argv.out}: ${r.files.join(', ')}`);
      }))
    .command('run <dir>', 'run a build on inputs and print its outputs', (c) => c
      .positional('dir', { type: 'string', describe: 'a build folder (from tinyonnx build)', demandOption: true })
      .option('inputs', { type: 'string', describe: 'inputs: a .json file {name: [numbers]}, or NAME=file.npy (repeatable)', array: true })
      .option('random', { type: 'boolean', describe: 'feed seeded random inputs instead' })
      .option('repeat', { type: 'number', default: 1, describe: 'run this many times and report the time per inference' })
      .option('json', { type: 'boolean', describe: 'print outputs as JSON' })
      .option('engine', { type: 'string', choices: ['node', 'quickjs', 'duktape', 'chromium'], default: 'node', describe: 'run the build in this engine (docs/targets.md)' }),
      guard(async (argv) => { var { runCommand } = await import('./run'); await runCommand(argv); }))
    .command('inspect <file>', 'describe a model.onnx or model.tnx', (c) => c
      .positional('file', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean' })
      .options(specOptions),
      guard(async (argv) => { var { inspectCommand } = await import('./inspect'); inspectCommand(argv, specOf(argv)); }))
    .command('conformance <data>', 'run the ONNX backend test cases', (c) => c
      .positional('data', { type: 'string', describe: 'folder of the backend test data (node/, simple/, ...)', demandOption: true })
      .option('suite', { type: 'string', describe: 'node | simple | pytorch-converted | pytorch-operator' })
      .option('filter', { type: 'string', describe: 'regular expression on case names' })
      .option('json', { type: 'string', describe: 'write results.json here' })
      .option('ratchet', { type: 'string', describe: 'fail if fewer cases pass than this file records' })
      .option('docs', { type: 'string', describe: 'write docs/operators.md here' }),
      guard(async (argv) => { var { conformanceCommand } = await import('./conformance'); code = await conformanceCommand(argv); }))
    .command('size <dirs..>', 'size report of build folders: runtime bytes by kernel, model, RAM (docs/size-reports.md)', (c) => c
      .positional('dirs', { type: 'string', array: true, describe: 'build folders (several make a matrix)', demandOption: true })
      .option('json', { type: 'string', describe: 'write the JSON report here (- for stdout)' })
      .option('markdown', { type: 'string', describe: 'write the Markdown report here, e.g. $GITHUB_STEP_SUMMARY (- for stdout)' })
      .option('html', { type: 'string', describe: 'write the HTML report (treemap, charts) here' })
      .option('baseline', { type: 'string', describe: 'a JSON report to diff against' })
      .option('budget', { type: 'string', describe: 'size-budget.json: exit 1 when a build exceeds a limit' })
      .option('history', { type: 'string', describe: 'append one CSV row per build (commit, target, model, figures)' }),
      guard(async (argv) => { var { sizeCommand } = await import('./size'); code = await sizeCommand(argv); }))
    .demandCommand(1, 'name a command: build, convert, run, inspect, conformance, size')
    .strict()
    .help()
    .fail((msg, err) => { if (err) throw err; console.error(`tinyonnx: ${msg}`); code = 1; })
    .exitProcess(false);
  await y.parseAsync();
  return code;
}

export function report(e: any): number {
  if (e instanceof UserError || (e && e.name === 'UserError')) {
    console.error(`tinyonnx: ${e.message}`);
    return 1;
  }
  console.error(`tinyonnx: internal error: ${e && e.stack ? e.stack : e}`);
  return 2;
}
