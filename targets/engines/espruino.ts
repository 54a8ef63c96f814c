// The real Espruino interpreter (2v29, Linux port built like a 12000-variable board by
// scripts/espruino.sh). A build runs as on a device: its espruino-upload.js writes the model and
// the runtime into Storage (espruino.flash in a temporary folder), a driver evals the runtime from
// Storage, `tinyonnx.loadFile`s the model (weights stay in flash), runs it and prints each output's
// bytes in hex, so outputs compare exactly with Node. Inputs go into Storage too and reach the
// runtime as views of flash, so they cost the board no variables. JsVars are counted with
// process.memory() (which collects garbage first) before the runtime, after it, after load and
// after the runs.
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../../base/root';
import { writeLines, espruinoNames } from '../extras';
import { Feeds, IOInfo, bytesOf, fromBytes } from './common';
import { TypedArray } from '../../device/dtype';

export var ESPRUINO_VARS = 12000;
var UPLOAD_LINES = 40;   // Storage.write lines per process: each 1 KiB line is read into variables first

export interface EspruinoVars {
  total: number;        // the board's JsVars
  base: number;         // in use before the runtime (the interpreter and the driver)
  runtime: number;      // after eval of the runtime bundle
  loaded: number;       // after loadFile
  run: number;          // after the runs (kernels allocate nothing per run, so this is the peak between runs)
  free: number;         // left after the runs
  blocksize: number;    // bytes per JsVar
}

export interface EspruinoResult {
  frames: Record<string, TypedArray>[];   // outputs of each frame, in order
  outputInfo: IOInfo[];
  loadMs: number;
  firstMs: number;      // the first run
  msPerInference: number;   // mean of `repeat` runs after the frames (NaN when repeat is 0)
  vars: EspruinoVars;
  jsOnly?: { msPerInference: number; varsLoaded: number; varsRun: number };   // the JS loops only, same run (opts.jsOnly)
}

export interface EspruinoOptions {
  repeat?: number;                     // timed runs of the last frame's feeds after the frames
  carry?: Record<string, string>;      // output name → input name fed back from one frame to the next
  timeoutMs?: number;
  vars?: number;                       // JsVars of the interpreter (default 12000; 0 = unlimited)
  jsOnly?: boolean;                    // then also time the runtime with the firmware's natives hidden (jsOnly in the result)
}

var binaries: Record<number, { path?: string; why?: string }> = {};

// The interpreter's path (built on first use and cached in .cache/espruino), or why there is none.
export function espruinoBinary(vars = ESPRUINO_VARS): { path?: string; why?: string } {
  if (binaries[vars]) return binaries[vars];
  if (process.env.TINYONNX_ESPRUINO && vars === ESPRUINO_VARS) return (binaries[vars] = fs.existsSync(process.env.TINYONNX_ESPRUINO) ?
    { path: process.env.TINYONNX_ESPRUINO } : { why: `TINYONNX_ESPRUINO=${process.env.TINYONNX_ESPRUINO} does not exist` });
  var script = path.join(packageRoot(), 'scripts', 'espruino.sh');
  try {
    var out = execFileSync('bash', [script], { encoding: 'utf8', env: { ...process.env, VARS: String(vars) }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900000 });
    var bin = out.trim().split('\n').pop()!;
    return (binaries[vars] = { path: path.resolve(packageRoot(), bin) });
  } catch (e: any) {
    var why = String(e.stderr || e.message).trim().split('\n').pop();
    return (binaries[vars] = { why: why || 'scripts/espruino.sh failed' });
  }
}

function runFile(bin: string, cwd: string, file: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    var child = execFile(bin, [file], { cwd, timeout: timeoutMs, maxBuffer: 1 << 28, killSignal: 'SIGKILL' }, (err, stdout) => {
      var out = String(stdout);
      if (err && (err as any).killed) return reject(new Error(`espruino: ${file} timed out after ${timeoutMs} ms`));
      var trouble = out.split('\n').find(l => /^(Uncaught |ERROR: |.*Out of Memory)/.test(l.trim()) && !/^Uncaught undefined/.test(l.trim()));
      if (trouble && !out.includes('@@E ')) return reject(new Error(`espruino: ${file}: ${trouble.trim()}`));
      resolve(out);
    });
    child.stdin!.end();   // at EOF the REPL exits, so a script that stops early cannot hang
  });
}

// Uploads through the build's own espruino-upload.js, a few dozen lines per process.
async function upload(bin: string, cwd: string, lines: string[], timeoutMs: number) {
  for (var i = 0, part = 0; i < lines.length; i += UPLOAD_LINES, part++) {
    var file = `upload-${part}.js`;
    fs.writeFileSync(path.join(cwd, file), lines.slice(i, i + UPLOAD_LINES).join('\n') + '\nquit();\n');
    await runFile(bin, cwd, file, timeoutMs);
  }
}

// The in-engine driver (ES5, kept small: its text costs variables while it runs).
function driver(runtime: string, model: string, inputs: { name: string; file: string; bytes: number; ctor: string }[],
  frames: number, repeat: number, carry: Record<string, string>, jsOnly: boolean) {
  return `var S = require("Storage"), M = function () { var m = process.memory(); return [m.usage, m.total, m.blocksize]; };
function hex(a) {
  var u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), s = "", b, i;
  for (i = 0; i < u.length; i++) { if (i && i % 256 == 0) { print(s); s = ""; } b = u[i]; s += (b < 16 ? "0" : "") + b.toString(16); }
  print(s);
}
try {
  var m0 = M();
  eval(S.read(${JSON.stringify(runtime)}));
  var m1 = M(), t0 = getTime(), sess = tinyonnx.loadFile(${JSON.stringify(model)}), tl = getTime() - t0, m2 = M();
  var ins = ${JSON.stringify(inputs)}, carry = ${JSON.stringify(carry)}, kept = {}, feeds, out, f, i, k, t1, tf;
  print("@@I " + JSON.stringify(sess.outputs));
  for (f = 0; f < ${frames}; f++) {
    feeds = {};
    for (i = 0; i < ins.length; i++)
      feeds[ins[i].name] = kept[ins[i].name] || new global[ins[i].ctor](E.toArrayBuffer(S.read(ins[i].file, f * ins[i].bytes, ins[i].bytes)));
    t1 = getTime(); out = sess.run(feeds); if (!f) tf = getTime() - t1;
    for (i = 0; i < sess.outputs.length; i++) { print("@@O " + f + " " + i); hex(out[sess.outputs[i].name]); }
    for (k in carry) { if (!kept[carry[k]]) kept[carry[k]] = new out[k].constructor(out[k].length); kept[carry[k]].set(out[k]); }
  }
  var m3 = M();
  t1 = getTime();
  for (f = 0; f < ${repeat}; f++) sess.run(feeds);
  print("@@T " + JSON.stringify([tl * 1000, tf * 1000, ${repeat} ? (getTime() - t1) * 1000 / ${repeat} : null, m0, m1, m2, m3]));
  if (${jsOnly ? 1 : 0}) {
    // the same runtime with the firmware's natives hidden (its feature tests see no E.convolve): the JS loops
    sess = out = kept = null;
    m0 = M();
    var E0 = E, js = (function (E) { eval(S.read(${JSON.stringify(runtime)})); return tinyonnx; })({ toArrayBuffer: function (s) { return E0.toArrayBuffer(s); } });
    sess = js.loadFile(${JSON.stringify(model)}); m1 = M(); sess.run(feeds); m2 = M();
    t1 = getTime();
    for (f = 0; f < ${repeat}; f++) sess.run(feeds);
    print("@@J " + JSON.stringify([(getTime() - t1) * 1000 / ${repeat || 1}, m1[0] - m0[0], m2[0] - m0[0]]));
  }
} catch (e) { print("@@E " + (e && e.message || e)); }
quit();
`;
}

var CTOR_NAME: Record<string, string> = { float32: 'Float32Array', float64: 'Float64Array', int8: 'Int8Array', uint8: 'Uint8Array',
  int16: 'Int16Array', uint16: 'Uint16Array', int32: 'Int32Array', uint32: 'Uint32Array', bool: 'Uint8Array' };

// Runs a build folder (target espruino) on `frames` (one feeds object per inference).
export async function runEspruino(buildDir: string, frames: Feeds[], inputs: IOInfo[], opts: EspruinoOptions = {}): Promise<EspruinoResult> {
  var lines = uploadLines(buildDir), names = storageNames(lines);
  var carry = opts.carry || {}, repeat = Math.max(0, opts.repeat === undefined ? 1 : opts.repeat | 0);
  var ins = inputLines(frames, inputs, lines);
  var out = await espruinoSession(lines, driver(names.runtime, names.model, ins, frames.length, repeat, carry, !!opts.jsOnly), opts.timeoutMs, opts.vars);
  return parseRun(out, frames.length, repeat);
}

// The Storage writes of a build's espruino-upload.js.
export function uploadLines(buildDir: string): string[] {
  var uploadFile = path.join(buildDir, 'espruino-upload.js');
  if (!fs.existsSync(uploadFile)) throw new Error(`${buildDir}: no espruino-upload.js; rebuild with --target espruino`);
  return fs.readFileSync(uploadFile, 'utf8').split('\n').filter(l => l.startsWith('require('));
}

// Inputs as Storage files (appended to `lines`), one per input, the frames one after another;
// what the driver needs to read them back as views of flash.
export function inputLines(frames: Feeds[], inputs: IOInfo[], lines: string[]) {
  return inputs.map((info, i) => {
    var parts = frames.map(f => { var a = f[info.name]; if (!a) throw new Error(`espruino: missing input '${info.name}'`); return bytesOf(a); });
    var all = Buffer.concat(parts.map(p => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
    lines.push(...writeLines(`tnx-in${i}`, new Uint8Array(all)));
    return { name: info.name, file: `tnx-in${i}`, bytes: parts[0].length, ctor: CTOR_NAME[info.dtype] || 'Float32Array' };
  });
}

// In a fresh folder (a fresh espruino.flash): the Storage writes, then `script`; its output.
export async function espruinoSession(lines: string[], script: string, timeoutMs = 600000, vars = ESPRUINO_VARS): Promise<string> {
  var bin = espruinoBinary(vars);
  if (!bin.path) throw new Error(`espruino: ${bin.why}`);
  var cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-espruino-'));
  try {
    await upload(bin.path, cwd, lines, timeoutMs);
    fs.writeFileSync(path.join(cwd, 'run.js'), script);
    return await runFile(bin.path, cwd, 'run.js', timeoutMs);
  } finally { fs.rmSync(cwd, { recursive: true, force: true }); }
}

// The model and runtime file names, from the upload file's own writes.
export function storageNames(lines: string[]) {
  var written = lines.map(l => /^require\("Storage"\)\.write\(("[^"]*")/.exec(l)).filter(Boolean).map(m => JSON.parse(m![1]) as string);
  var model = written.find(n => n.endsWith('.tnx')), runtime = written.find(n => n.endsWith('-rt.js'));
  if (!model || !runtime) throw new Error('espruino-upload.js writes no .tnx or no -rt.js file');
  return { model, runtime };
}

function parseRun(out: string, frames: number, repeat: number): EspruinoResult {
  var lines = out.split('\n').map(l => l.replace(/^>+/, '').trim());
  var err = lines.find(l => l.startsWith('@@E '));
  if (err) throw new Error(`espruino: ${err.slice(4)}`);
  var info = lines.find(l => l.startsWith('@@I ')), t = lines.find(l => l.startsWith('@@T '));
  if (!info || !t) throw new Error(`espruino: the run stopped early: ${lines.filter(l => l && !l.startsWith('@@')).slice(-3).join(' | ')}`);
  var outputInfo = JSON.parse(info.slice(4)) as IOInfo[];
  var hex: string[][] = [];
  for (var i = 0, cur: string[] | null = null; i < lines.length; i++) {
    var l = lines[i], m = /^@@O (\d+) (\d+)$/.exec(l);
    if (m) { var f = +m[1]; (hex[f] = hex[f] || [])[+m[2]] = ''; cur = [m[1], m[2]]; continue; }
    if (l.startsWith('@@')) { cur = null; continue; }
    if (cur && /^[0-9a-f]*$/.test(l)) hex[+cur[0]][+cur[1]] += l;
  }
  var result: Record<string, TypedArray>[] = [];
  for (var f2 = 0; f2 < frames; f2++) {
    var o: Record<string, TypedArray> = {};
    outputInfo.forEach((x, k) => { o[x.name] = fromBytes(x.dtype, new Uint8Array(Buffer.from(hex[f2][k], 'hex'))); });
    result.push(o);
  }
  var [loadMs, firstMs, ms, m0, m1, m2, m3] = JSON.parse(t.slice(4));
  var j = lines.find(l => l.startsWith('@@J '));
  var jsOnly = j ? (([a, b, c]: number[]) => ({ msPerInference: a, varsLoaded: b, varsRun: c }))(JSON.parse(j.slice(4))) : undefined;
  return {
    jsOnly,
    frames: result, outputInfo, loadMs, firstMs, msPerInference: repeat ? ms : NaN,
    vars: { total: m0[1], base: m0[0], runtime: m1[0], loaded: m2[0], run: m3[0], free: m3[1] - m3[0], blocksize: m0[2] },
  };
}
