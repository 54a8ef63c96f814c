// What the engine harnesses share: reading a build folder, the in-engine driver, and moving
// typed arrays in and out of an engine bit for bit (raw bytes, base64 where only text crosses).
import * as fs from 'fs';
import * as path from 'path';
import { userError } from '../../base/errors';
import { readModel } from '../../device/reader';
import { DTYPE_NAME, TypedArray } from '../../device/dtype';

export type EngineName = 'node' | 'quickjs' | 'duktape' | 'chromium' | 'espruino';
export var ENGINES: EngineName[] = ['node', 'quickjs', 'duktape', 'chromium', 'espruino'];

export type Feeds = Record<string, TypedArray>;
export interface IOInfo { name: string; dtype: string; shape: number[] }

export interface RunOptions {
  repeat?: number;          // timed runs after the first (default 1)
  memoryLimit?: number;     // QuickJS: the runtime's memory limit in bytes
  stackLimit?: number;      // QuickJS: max stack size in bytes (default 1 MiB)
  timeoutMs?: number;       // give up (QuickJS interrupt, Duktape kill, page timeout); default 10 min
  module?: boolean;         // chromium/quickjs/node: run runtime.mjs instead of the script bundle
}

export interface EngineResult {
  outputs: Record<string, TypedArray>;
  outputInfo: IOInfo[];
  usPerInference: number;
  memoryBytes?: number;     // what the engine reports; see memoryNote
  memoryNote?: string;
  espruinoVars?: import('./espruino').EspruinoVars;   // espruino: JsVars counted by process.memory()
  bundle: string;           // the bundle file that ran
}

export interface Build { dir: string; tnx: Uint8Array; target: string; files: string[] }

export function readBuild(dir: string): Build {
  var tnxFile = path.join(dir, 'model.tnx');
  if (!fs.existsSync(tnxFile)) userError(`${dir}: no model.tnx here; build one with: tinyonnx build MODEL.onnx -o ${dir}`);
  var files = fs.readdirSync(dir);
  var target = files.indexOf('espruino-upload.js') >= 0 ? 'espruino' : files.indexOf('runtime.cjs') >= 0 ? 'node' : 'unknown';
  try { target = JSON.parse(fs.readFileSync(path.join(dir, 'size-report.json'), 'utf8')).builds[0].target || target; } catch (e) { /* a convert-only folder */ }
  return { dir, tnx: new Uint8Array(fs.readFileSync(tnxFile)), target, files };
}

// The session's inputs and outputs, read on the host from model.tnx: the graph's, less the
// inputs the runtime carries between runs (--state, metadata 'state:OUT' = IN).
export function modelIO(tnx: Uint8Array): { inputs: IOInfo[]; outputs: IOInfo[] } {
  var m = readModel(tnx);
  var carried = new Set(Object.keys(m.metadata).filter(k => k.startsWith('state:')).map(k => m.metadata[k]));
  var info = (idx: number[]) => idx.map(i => ({ name: m.tensors[i].name, dtype: DTYPE_NAME[m.tensors[i].dtype], shape: m.tensors[i].shape.slice() }));
  return { inputs: info(m.graph.inputs).filter(i => !carried.has(i.name)), outputs: info(m.graph.outputs) };
}

export var CTORS: Record<string, any> = { float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array,
  int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array,
  float16: Float32Array, bfloat16: Float32Array, int4: Int8Array, int2: Int8Array, uint4: Uint8Array, uint2: Uint8Array };

export function bytesOf(a: TypedArray): Uint8Array { return new Uint8Array(a.buffer, a.byteOffset, a.byteLength); }

export function fromBytes(dtype: string, bytes: Uint8Array): TypedArray {
  var C = CTORS[dtype] || Float32Array;
  var copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new C(copy.buffer, 0, bytes.length / C.BYTES_PER_ELEMENT);
}

export function b64(a: Uint8Array): string { return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64'); }
export function unb64(s: string): Uint8Array { return new Uint8Array(Buffer.from(s, 'base64')); }

// The feed spec every driver takes: { name: { dtype, b64 } } (dtype names the storage ctor).
export function feedSpec(feeds: Feeds, inputs: IOInfo[]) {
  var spec: Record<string, { dtype: string; b64: string }> = {};
  for (var name in feeds) {
    var info = inputs.find(i => i.name === name);
    spec[name] = { dtype: info ? info.dtype : ctorDtype(feeds[name]), b64: b64(bytesOf(feeds[name])) };
  }
  return spec;
}

function ctorDtype(a: TypedArray): string {
  for (var k of ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32']) if (a instanceof CTORS[k]) return k;
  return 'float32';
}

// ES5, evaluated inside every engine after the bundle (which defined `tinyonnx`, or `api` is
// given). Feeds arrive as ArrayBuffers; outputs leave as fresh ArrayBuffers (copies: session
// outputs are views into the arena). `now()` is the engine's clock in ms.
export var DRIVER = `
function __tnxCtors() {
  return { float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
    uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array, float16: Float32Array,
    bfloat16: Float32Array, int4: Int8Array, int2: Int8Array, uint4: Uint8Array, uint2: Uint8Array };
}
function __tnxFeeds(feedBuffers, dtypes) {
  var C = __tnxCtors(), f = {};
  for (var k in feedBuffers) f[k] = new (C[dtypes[k]] || Float32Array)(feedBuffers[k]);
  return f;
}
function __tnxCopyOut(session, out) {
  var r = {};
  for (var i = 0; i < session.outputs.length; i++) {
    var name = session.outputs[i].name, a = out[name];
    var src = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dst = new Uint8Array(a.byteLength);
    for (var j = 0; j < src.length; j++) dst[j] = src[j];
    r[name] = dst.buffer;
  }
  return r;
}
function __tnxDrive(session, feeds, repeat, now) {
  var first = __tnxCopyOut(session, session.run(feeds));
  var t0 = now();
  for (var r = 0; r < repeat; r++) session.run(feeds);
  var t1 = now();
  return { outputs: first, us: (t1 - t0) * 1000 / repeat, outputInfo: session.outputs, arenaBytes: session.arenaBytes };
}
`;

export function describeBundleChoice(engine: EngineName, b: Build, want: string[]): string {
  var have = want.filter(f => b.files.indexOf(f) >= 0);
  if (!have.length) userError(`${b.dir}: ${engine} runs ${want.join(' or ')}, and this build (target ${b.target}) has none; rebuild with --target ${engine === 'duktape' ? 'espruino' : engine === 'chromium' ? 'webview' : engine}`);
  return have[0];
}
