// tinyonnx command line. Exit codes: 0 ok, 1 user error (one line on stderr), 2 internal error.
import yargs from 'yargs';
import { UserError } from '../converter/errors';
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
      .options(specOptions),
      guard(async (argv) => {
        var { build } = await import('./build');
        var r = await build({ input: argv.model, outDir: argv.out, target: argv.target, ...specOf(argv) });
        var b = r.report.builds[0];
        console.log(`${argv.out}: ${r.files.join(', ')}`);
        console.log(`model.tnx ${b.model_bytes.tnx} B (onnx ${b.model_bytes.onnx} B), runtime ${b.bundle.min} B min / ${b.bundle.gzip} B gzip, arena ${b.ram.arena} B, ${r.manifest.ops.length} ops`);
      }))
    .command('convert <model>', 'write only model.tnx and ops.json', (c) => c
      .positional('model', { type: 'string', demandOption: true })
      .option('out', { alias: 'o', type: 'string', demandOption: true })
      .options(specOptions),
      guard(async (argv) => {
        var { build } = await import('./build');
        var r = await build({ input: argv.model, outDir: argv.out, runtime: false, ...specOf(argv) });
        console.log(`${argv.out}: ${r.files.join(', ')}`);
      }))
    .command('run <dir>', 'run a build on inputs and print its outputs', (c) => c
      .positional('dir', { type: 'string', describe: 'a build folder (from tinyonnx build)', demandOption: true })
      .option('inputs', { type: 'string', describe: 'inputs: a .json file {name: [numbers]}, or NAME=file.npy (repeatable)', array: true })
      .option('random', { type: 'boolean', describe: 'feed seeded random inputs instead' })
      .option('repeat', { type: 'number', default: 1, describe: 'run this many times and report the time per inference' })
      .option('json', { type: 'boolean', describe: 'print outputs as JSON' }),
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
    .demandCommand(1, 'name a command: build, convert, run, inspect, conformance')
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
