// `tinyonnx run <build-dir>`: load the build's runtime and model, feed inputs, print outputs.
import * as fs from 'fs';
import * as path from 'path';
import { userError } from '../base/errors';
import { readInputSpecs, randomInputs } from '../base/inputs';
import * as D from '../device/dtype';
import { narrowRounder } from '../device/kernels/elementwise/narrow';
import { runInEngine, readBuild, modelIO, ENGINES, EngineName } from '../targets/engines/index';

// An input's values in the array the runtime takes for its element type: the reduced-precision
// types (float16, bfloat16, float8, float4, int4, ...) are stored widened, each value rounded
// into the type as a Cast would; strings as an array of strings.
function feedOf(name: string, dtype: string, values: any[]): any {
  var code = D.DTYPE_NAME.indexOf(dtype);
  if (code === D.STRING) return values.map(v => String(v));
  var data: any = code >= 0 ? D.newData(code, values.length) : undefined;
  if (!data) userError(`run: input '${name}' has element type ${dtype}, which run cannot feed`);
  var round = narrowRounder(code, true, 'up');
  for (var i = 0; i < values.length; i++) data[i] = round ? round(Number(values[i])) : values[i];
  return data;
}

export function loadBuild(dir: string) {
  var runtime = path.resolve(dir, 'runtime.cjs'), tnx = path.resolve(dir, 'model.tnx');
  if (!fs.existsSync(tnx)) userError(`${dir}: no model.tnx here; build one with: tinyonnx build MODEL.onnx -o ${dir}`);
  if (!fs.existsSync(runtime)) userError(`${dir}: no runtime.cjs here; 'run' needs a build made with --target node`);
  var { load } = require(runtime);
  try {
    return load(fs.readFileSync(tnx));
  } catch (e: any) {
    userError(`${tnx}: ${e.message}`);
  }
}

export async function runCommand(argv: any) {
  var engine = argv.engine || 'node';
  if (engine !== 'node' || !fs.existsSync(path.resolve(argv.dir, 'runtime.cjs'))) return runInOtherEngine(argv, engine);
  var session = loadBuild(argv.dir);
  var values = inputsOf(argv, session.inputs);
  for (var k in values) if (!session.inputs.some((i: any) => i.name === k))
    userError(`unknown input '${k}'; the model's inputs are ${session.inputs.map((i: any) => `'${i.name}'`).join(', ')}`);
  var feeds: Record<string, any> = {};
  for (var i of session.inputs) {
    if (!(i.name in values)) userError(`missing input '${i.name}' (${i.dtype} [${i.shape}]); give it in --inputs`);
    feeds[i.name] = feedOf(i.name, i.dtype, values[i.name]);
  }
  var outs: any;
  try { outs = session.run(feeds); } catch (e: any) { userError(e.message); }
  var repeat = Math.max(1, argv.repeat | 0), t0 = process.hrtime.bigint();
  for (var r = 1; r < repeat; r++) session.run(feeds);
  var us = Number(process.hrtime.bigint() - t0) / 1000 / Math.max(1, repeat - 1);
  if (argv.json) {
    var o: Record<string, number[]> = {};
    for (var k in outs) o[k] = Array.from(outs[k]);
    console.log(JSON.stringify(o));
  } else {
    for (var info of session.outputs) {
      var a = Array.from(outs[info.name] as ArrayLike<number>);
      var shown = a.length > 16 ? a.slice(0, 16).map(fmt).join(', ') + `, … (${a.length} values)` : a.map(fmt).join(', ');
      console.log(`${info.name} ${info.dtype} [${info.shape}]: ${shown}`);
    }
    if (repeat > 1) console.log(`${us.toFixed(1)} µs per inference (${repeat - 1} runs)`);
  }
}

// --inputs, or seeded random ones when --random asks for them; neither is a mistake worth naming.
function inputsOf(argv: any, inputs: { name: string; dtype: string; shape: number[] }[]) {
  if (argv.random) return randomInputs(inputs as any, 1);
  if (!argv.inputs || !argv.inputs.length)
    userError(`run: give the inputs with --inputs FILE.json (or NAME=file.npy), or --random for seeded random ones; the model's inputs are ` +
      inputs.map(i => `'${i.name}' ${i.dtype} [${i.shape}]`).join(', '), 'INVALID_OPTION');
  return readInputSpecs(argv.inputs, inputs as any);
}

function fmt(x: number) { return Number.isInteger(x) ? String(x) : x.toPrecision(6); }

// `run --engine quickjs|duktape|chromium` (or node on a build without runtime.cjs): the build's
// bundle runs in that engine (targets/engines); prints outputs, time per inference, memory.
async function runInOtherEngine(argv: any, engine: string) {
  if (ENGINES.indexOf(engine as EngineName) < 0) userError(`unknown engine '${engine}'; use one of ${ENGINES.join(', ')}`);
  var b = readBuild(argv.dir), io = modelIO(b.tnx);
  var values = inputsOf(argv, io.inputs);
  for (var k in values) if (!io.inputs.some(i => i.name === k))
    userError(`unknown input '${k}'; the model's inputs are ${io.inputs.map(i => `'${i.name}'`).join(', ')}`);
  var feeds: Record<string, any> = {};
  for (var i of io.inputs) {
    if (!(i.name in values)) userError(`missing input '${i.name}' (${i.dtype} [${i.shape}]); give it in --inputs`);
    var n = i.shape.reduce((a, x) => a * x, 1);
    if (values[i.name].length !== n) userError(`run: input '${i.name}' must have shape [${i.shape}] (${n} elements), got ${values[i.name].length} elements`);
    feeds[i.name] = feedOf(i.name, i.dtype, values[i.name]);
  }
  var runs = Math.max(1, (argv.repeat | 0) - 1);
  var r;
  try {
    r = await runInEngine(engine as EngineName, argv.dir, feeds, { repeat: runs });
  } catch (e: any) {
    if (e && e.name === 'UserError') throw e;
    userError(`${engine}: ${String(e && e.message || e).split('\n')[0]}`);
  }
  if (argv.json) {
    var o: Record<string, number[]> = {};
    for (var k in r.outputs) o[k] = Array.from(r.outputs[k] as ArrayLike<number>);
    console.log(JSON.stringify(o));
    return;
  }
  for (var info of r.outputInfo) {
    var a = Array.from(r.outputs[info.name] as ArrayLike<number>);
    var shown = a.length > 16 ? a.slice(0, 16).map(fmt).join(', ') + `, … (${a.length} values)` : a.map(fmt).join(', ');
    console.log(`${info.name} ${info.dtype} [${info.shape}]: ${shown}`);
  }
  if (r.espruinoVars) {
    var v = r.espruinoVars;
    console.log(`espruino (${r.bundle} from Storage): ${(r.usPerInference / 1000).toFixed(1)} ms per inference (${runs} run${runs > 1 ? 's' : ''}), ` +
      `${v.run} of ${v.total} JsVars used after a run (${v.loaded} after load), ${v.free} free`);
    return;
  }
  console.log(`${engine} (${r.bundle}): ${r.usPerInference.toFixed(1)} µs per inference (${runs} run${runs > 1 ? 's' : ''})` +
    (r.memoryBytes !== undefined ? `, memory ${r.memoryBytes} B (${r.memoryNote})` : `, memory: ${r.memoryNote || 'not reported by this engine'}`));
}
