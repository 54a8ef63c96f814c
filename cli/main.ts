// tinyonnx command line: a thin layer on the build API (api/). Exit codes: 0 ok, 1 user error
// (one line on stderr), 2 internal error. Every flag is checked before any work starts, so a
// mistyped or out-of-range flag never builds.
import yargs from 'yargs';
import { isUserError, userError, TinyonnxError } from '../base/errors';
import { packageVersion } from '../base/root';
import { parseConstFlag, parseShapeFlag } from '../converter/passes/specialize';
import { parseStateFlag } from '../converter/state';
import type { BuildOptions } from '../api/build';
import { TARGETS } from '../api/build';
import { recoverInterrupted } from '../api/write';

var QUANT_MODES = ['int8', 'dynamic'], METHODS = ['minmax', 'percentile'], ENGINE_NAMES = ['node', 'quickjs', 'duktape', 'chromium', 'espruino'];

function specOf(argv: any) {
  var shapes: Record<string, number[]> = {}, consts: Record<string, number[]> = {};
  for (var s of [].concat(argv.shape || [])) { var [n, d] = parseShapeFlag(String(s)); shapes[n] = d; }
  for (var s of [].concat(argv.const || [])) { var [n, v] = parseConstFlag(String(s)); consts[n] = v; }
  var state: Record<string, string> | undefined;
  for (var s of [].concat(argv.state || [])) { var [o, i] = parseStateFlag(String(s)); (state = state || {})[o] = i; }
  var maxArena = argv['max-arena'];
  if (maxArena !== undefined && !(Number.isInteger(maxArena) && maxArena > 0)) userError(`--max-arena ${argv['max-arena']}: expected a whole number of bytes`, 'INVALID_OPTION');
  return { shapes, consts, maxArena, state };
}

var specOptions = {
  shape: { type: 'string' as const, array: true, describe: 'pin an input\'s shape: NAME=1x512 (repeatable)' },
  const: { type: 'string' as const, array: true, describe: 'freeze an input to a constant: NAME=V[,V...] (repeatable)' },
  'max-arena': { type: 'number' as const, describe: 'most bytes one tensor and the whole arena may take (default 64 MB)' },
  state: { type: 'string' as const, array: true, describe: 'carry an output into an input between runs: OUTPUT=INPUT, e.g. stateN=state (repeatable; docs/streaming.md)' },
};

var quantOptions = {
  quantize: { type: 'string' as const, describe: 'int8: static int8 (needs --calibrate); dynamic: int8 weights, activations quantized at run time (docs/int8.md)' },
  calibrate: { type: 'string' as const, describe: 'folder of calibration inputs (.npy or .json files) for --quantize int8' },
  'calibrate-method': { type: 'string' as const, describe: 'activation ranges from min/max (default) or percentiles' },
  percentile: { type: 'number' as const, describe: 'with --calibrate-method percentile: the percentile kept (default 99.999)' },
  eval: { type: 'string' as const, describe: 'folder of inputs for the accuracy report (default: the calibration inputs)' },
  'emit-qdq': { type: 'string' as const, describe: 'also write the quantized model as standard QDQ ONNX to this file' },
};

function oneOf(flag: string, v: any, choices: string[]) {
  if (v !== undefined && choices.indexOf(v) < 0) userError(`--${flag} ${v}: expected one of ${choices.join(', ')}`, 'INVALID_OPTION');
}

function nonEmpty(flag: string, v: any) {
  if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) userError(`--${flag} needs a value`, 'INVALID_OPTION');
}

// The checks yargs runs before a command's handler: every value, one message for the first mistake.
function checkArgs(argv: any): true {
  var cmd = String(argv._[0] || '');
  if (cmd === 'build' || cmd === 'convert') {
    if (argv.out === undefined && !argv.config) userError(`${cmd}: name the output folder with -o DIR`, 'INVALID_OPTION');
    nonEmpty('out', argv.out);
    oneOf('target', argv.target, TARGETS);
    oneOf('quantize', argv.quantize, QUANT_MODES);
    oneOf('calibrate-method', argv['calibrate-method'], METHODS);
    for (var f of ['calibrate', 'eval', 'emit-qdq']) nonEmpty(f, argv[f]);
    if (argv.percentile !== undefined && !(argv.percentile > 0 && argv.percentile <= 100)) userError(`--percentile ${argv.percentile}: expected a number in (0, 100]`, 'INVALID_OPTION');
    specOf(argv);   // --shape / --const syntax
  }
  if (cmd === 'run') {
    oneOf('engine', argv.engine, ENGINE_NAMES);
    var r = argv.repeat;
    if (r !== undefined && !(typeof r === 'number' && Number.isInteger(r) && r >= 1)) userError(`--repeat ${Number.isNaN(r) ? '(not a number)' : r}: expected a whole number of 1 or more`, 'INVALID_OPTION');
  }
  if (cmd === 'size' && !(argv.dirs || []).length) userError('size: name at least one build folder', 'INVALID_OPTION');
  return true;
}

function buildOptionsOf(argv: any): BuildOptions {
  var o: BuildOptions = { target: argv.target, ...specOf(argv) };
  if (argv.wasm !== undefined) { oneOf('wasm', argv.wasm, ['on', 'off']); o.wasm = argv.wasm === 'on'; }
  if (argv.quantize) Object.assign(o, { quantize: argv.quantize, calibrate: argv.calibrate, calibrateMethod: argv['calibrate-method'],
    percentile: argv.percentile, eval: argv.eval, emitQdq: argv['emit-qdq'] });
  else for (var f of ['calibrate', 'calibrate-method', 'percentile', 'eval', 'emit-qdq'])
    if (argv[f] !== undefined) userError(`--${f} only applies to quantized builds; add --quantize int8 (or dynamic)`, 'INVALID_OPTION');
  return o;
}

// Builds into the folders a command reads that were killed after their commit point are
// finished before it reads them (api/write.ts); `build` does the same for its output.
function recoverFolders(argv: any) {
  var cmd = String(argv._[0] || '');
  if ((cmd === 'run' || cmd === 'profile') && typeof argv.dir === 'string') recoverInterrupted(argv.dir);
  if (cmd === 'size') for (var d of argv.dirs || []) if (typeof d === 'string') recoverInterrupted(d);
}

export async function main(args: string[]): Promise<number> {
  var code = 0;
  var guard = (fn: (argv: any) => Promise<void> | void) => async (argv: any) => {
    try { recoverFolders(argv); await fn(argv); } catch (e: any) { code = report(e); }
  };
  var y = yargs(args)
    .scriptName('tinyonnx')
    .usage('$0 <command> [options]')
    .version(packageVersion())
    .command('build [models..]', 'convert model(s) and build one runtime bundle for them', (c) => c
      .positional('models', { type: 'string', array: true, describe: 'model.onnx (several: one runtime for all, a .tnx each)' })
      .option('out', { alias: 'o', type: 'string', describe: 'output folder' })
      .option('target', { type: 'string', describe: `${TARGETS.join(' | ')} (default node)` })
      .option('config', { type: 'string', describe: 'tinyonnx.config.json: models, their options, targets, output folder' })
      .option('wasm', { type: 'string', describe: 'on | off: node/webview use the WebAssembly SIMD core for MatMul/Gemm/Conv where the engine has it (default on)' })
      .options(specOptions)
      .options(quantOptions),
      guard(async (argv) => { var { buildCommand } = await import('./build'); await buildCommand(argv, buildOptionsOf(argv)); }))
    .command('convert <model>', 'write only model.tnx and ops.json', (c) => c
      .positional('model', { type: 'string', demandOption: true })
      .option('out', { alias: 'o', type: 'string', describe: 'output folder' })
      .options(specOptions)
      .options(quantOptions),
      guard(async (argv) => { var { convertCommand } = await import('./build'); await convertCommand(argv, buildOptionsOf(argv)); }))
    .command('run <dir>', 'run a build on inputs and print its outputs', (c) => c
      .positional('dir', { type: 'string', describe: 'a build folder (from tinyonnx build)', demandOption: true })
      .option('inputs', { type: 'string', describe: 'inputs: a .json file {name: [numbers]}, or NAME=file.npy (repeatable)', array: true })
      .option('random', { type: 'boolean', describe: 'feed seeded random inputs instead' })
      .option('repeat', { type: 'number', default: 1, describe: 'run this many times and report the time per inference' })
      .option('json', { type: 'boolean', describe: 'print outputs as JSON' })
      .option('engine', { type: 'string', default: 'node', describe: `run the build in this engine: ${ENGINE_NAMES.join(' | ')} (docs/targets.md)` }),
      guard(async (argv) => { var { runCommand } = await import('./run'); await runCommand(argv); }))
    .command('inspect <file>', 'describe a model.onnx or model.tnx', (c) => c
      .positional('file', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean' }),
      guard(async (argv) => { var { inspectCommand } = await import('./inspect'); inspectCommand(argv); }))
    .command('profile <dir>', 'time every node of a build in an engine: share, MACs, MAC/s', (c) => c.positional('dir', { type: 'string', demandOption: true }).option('engine', { type: 'string', choices: ENGINE_NAMES, default: 'node' }).option('min-ms', { type: 'number', describe: 'time each node at least this long' }).option('json', { type: 'boolean' }), guard(async (argv) => { var { profileCommand } = await import('./profile'); await profileCommand(argv); }))
    .command('conformance <data>', 'run the ONNX backend test cases', (c) => c
      .positional('data', { type: 'string', describe: 'folder of the backend test data (node/, simple/, ...)', demandOption: true })
      .option('suite', { type: 'string', describe: 'node | simple | pytorch-converted | pytorch-operator' })
      .option('filter', { type: 'string', describe: 'regular expression on case names' })
      .option('json', { type: 'string', describe: 'write results.json here' })
      .option('ratchet', { type: 'string', describe: 'fail if fewer cases pass than this file records' })
      .option('docs', { type: 'string', describe: 'write docs/operators.md here' }),
      guard(async (argv) => { var { conformanceCommand } = await conformanceModule(); code = await conformanceCommand(argv); }))
    .command('size [dirs..]', 'size report of build folders: runtime bytes by kernel, model, RAM (docs/size-reports.md)', (c) => c
      .positional('dirs', { type: 'string', array: true, describe: 'build folders (several make a matrix)' })
      .option('json', { type: 'string', describe: 'write the JSON report here (- for stdout)' })
      .option('markdown', { type: 'string', describe: 'write the Markdown report here, e.g. $GITHUB_STEP_SUMMARY (- for stdout)' })
      .option('html', { type: 'string', describe: 'write the HTML report (treemap, charts) here' })
      .option('baseline', { type: 'string', describe: 'a JSON report to diff against' })
      .option('budget', { type: 'string', describe: 'size-budget.json: exit 1 when a build exceeds a limit' })
      .option('history', { type: 'string', describe: 'append one CSV row per build (commit, target, model, figures)' }),
      guard(async (argv) => { var { sizeCommand } = await import('./size'); code = await sizeCommand(argv); }))
    .demandCommand(1, 'name a command: build, convert, run, inspect, conformance, size')
    .check(checkArgs)
    .strict()
    .help()
    .fail((msg, err) => { throw err || new TinyonnxError(oneLine(msg), 'INVALID_OPTION'); })
    .exitProcess(false);
  try { await y.parseAsync(); }
  catch (e) { return report(e); }
  return code;
}

// The ONNX backend-test harness is not in the published package (package.json "files").
async function conformanceModule() {
  try { return await import('./conformance'); }
  catch (e: any) {
    if (e && e.code === 'MODULE_NOT_FOUND') userError('conformance: the backend-test harness is not part of the published package; run it from a clone of tinyonnx', 'INVALID_OPTION');
    throw e;
  }
}

// yargs' own messages ("Unknown arguments: taget, x") on one line.
function oneLine(msg: string): string { return String(msg).split('\n').map(s => s.trim()).filter(Boolean).join('; '); }

export function report(e: any): number {
  if (isUserError(e)) {
    console.error(`tinyonnx: ${e.message}`);
    return 1;
  }
  console.error(`tinyonnx: internal error: ${e && e.stack ? e.stack : e}`);
  return 2;
}
