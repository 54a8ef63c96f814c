// The build, in memory: an ONNX model → model.tnx, ops.json, the target's runtime bundles,
// runtime.d.ts, deploy extras and size-report.json. The products (IR model, tnx bytes, the one
// parsed view of them, arena plan, manifest, bundles) are made once, in one pass, and handed as
// one object to the bundle check, the Espruino fit check, the deploy extras and the size report.
// Path: api → converter (passes, emit) → format (write) → targets (bundles, checks, extras) →
// size-reports. Nothing is written here: api/write.ts puts a result on disk.
import * as fs from 'fs';
import * as path from 'path';
import { readOnnx, decodeOnnx } from '../converter/readOnnx';
import { compileModel, ConvertOptions } from '../converter/pipeline';
import { ArenaPlan } from '../converter/planArena';
import { Manifest } from '../converter/manifest';
import { Model } from '../converter/ir';
import { quantReport, QuantizeOptions, QuantizeResult } from '../converter/int8/quantize/pass';
import { readModel, ModelView } from '../device/reader';
import { buildBundle, kernelRefs, BundleFile } from '../targets/bundle';
import { wasmCoreFor } from '../targets/wasm/kernels';
import { WasmCore } from '../targets/wasm/assemble';
import { profileOf, Profile, PROFILES, TargetName } from '../targets/profiles';
import { assertBundleFits } from '../targets/check';
import { targetFiles, espruinoUpload } from '../targets/extras';
import { espruinoFit } from '../targets/espruinoFit';
import { stripMapComment } from '../size-reports/measure';
import { measureBuild, report as sizeReport, baselineSizes } from '../size-reports/report';
import { BuildReport, BuildEntry } from '../size-reports/schema';
import { espruinoVariables, estimateVariables, attrElements } from '../size-reports/variables';
import { userError, fsError } from '../base/errors';
import { runtimeTypes } from './types';
import { writeBuild } from './write';
export { writeAtomic } from '../base/files';

export type Target = TargetName;
export var TARGETS = Object.keys(PROFILES) as Target[];

export interface BuildOptions {
  model?: string | Uint8Array;            // path of the .onnx, or its bytes
  input?: string;                         // older name for `model` (a path)
  name?: string;                          // the model's file name in reports when `model` is bytes
  target?: Target;                        // default 'node'
  shapes?: Record<string, number[]>;      // pin dynamic input shapes: { input: [1, 1760] }
  consts?: Record<string, number[]>;      // freeze inputs to constants: { sr: [16000] }
  quantize?: 'int8' | 'dynamic' | QuantizeOptions;
  calibrate?: string;                     // folder of calibration inputs (quantize 'int8')
  calibrateMethod?: 'minmax' | 'percentile';
  percentile?: number;
  eval?: string;                          // folder of inputs for the accuracy report
  emitQdq?: string;                       // also keep the quantized model as QDQ ONNX; writeBuild writes it here
  runtime?: boolean;                      // false: only model.tnx and ops.json (convert)
  maxArena?: number;                      // most bytes one tensor and the arena may take (default 64 MB)
  state?: Record<string, string>;         // output → input pairs the runtime carries between runs (docs/streaming.md)
  wasm?: boolean;                         // node/webview: false leaves the WebAssembly core out (--wasm off)
  outDir?: string;                        // also write the result there (writeBuild)
}

export type BuildFiles = Record<string, string | Uint8Array>;

export interface BuildResult {
  files: BuildFiles;                      // file name → contents, in the order they are written
  ops: Manifest;                          // ops.json: the model's ops and the kernels it needs
  report: BuildReport;                    // size-report.json (size-reports/schema.ts)
  tnx: Uint8Array;                        // = files['model.tnx']
  manifest: Manifest;                     // = ops
  qdq?: { file: string; bytes: Uint8Array };   // emitQdq: written by writeBuild
}

// Everything one build makes, made once.
export interface BuildProducts {
  name: string;                           // the model's file name ('alexa_v0.1.onnx')
  sourceBytes: number;
  target: Target;
  profile: Profile;
  model: Model;
  tnx: Uint8Array;
  view: ModelView;                        // tnx parsed once, after it is written
  plan: ArenaPlan;
  manifest: Manifest;
  bundles: BundleFile[];                  // [] for convert
  wasm?: WasmCore | null;                 // the WebAssembly core the bundles carry (node/webview)
  quant: QuantizeResult | undefined;
  quantOptions: QuantizeOptions | undefined;
}

function sourceOf(opts: BuildOptions): { name: string; file: string | null; bytes: Uint8Array } {
  var m = opts.model !== undefined ? opts.model : opts.input;
  if (m instanceof Uint8Array) return { name: opts.name || 'model.onnx', file: null, bytes: m };
  if (typeof m !== 'string' || m === '') userError('build: give the model as a path or as its bytes (model: ...)', 'INVALID_OPTION');
  var st: fs.Stats;
  try { st = fs.statSync(m); } catch (e: any) { if (e.code === 'ENOENT') userError(`${m}: no such file`, 'NOT_FOUND'); fsError(e, m, 'read the model'); }
  if (st!.isDirectory()) userError(`${m}: is a folder; give the .onnx file inside it`, 'FS_ERROR');
  try { return { name: path.basename(m), file: m, bytes: fs.readFileSync(m) }; } catch (e) { fsError(e, m, 'read the model'); }
}

export function targetOf(t: string | undefined): Target {
  var target = t || 'node';
  if (!(PROFILES as any).hasOwnProperty(target)) userError(`target '${target}' is not one of ${TARGETS.join(', ')}`, 'INVALID_OPTION');
  return target as Target;
}

// The options' quantization settings as the converter takes them (undefined for a float build).
export function quantOptionsOf(opts: BuildOptions): QuantizeOptions | undefined {
  var q = opts.quantize;
  if (!q) {
    for (var [k, flag] of [['calibrate', 'calibrate'], ['calibrateMethod', 'calibrate-method'], ['percentile', 'percentile'], ['eval', 'eval'], ['emitQdq', 'emit-qdq']])
      if ((opts as any)[k] !== undefined) userError(`--${flag} only applies to quantized builds; add --quantize int8 (or dynamic)`, 'INVALID_OPTION');
    return undefined;
  }
  if (typeof q === 'object') return { ...q };
  if (q !== 'int8' && q !== 'dynamic') userError(`--quantize ${q}: expected int8 or dynamic`, 'INVALID_OPTION');
  return { mode: q, calibrate: opts.calibrate, method: opts.calibrateMethod, percentile: opts.percentile, eval: opts.eval, emitQdq: opts.emitQdq };
}

export function convertToTnx(input: string, opts: ConvertOptions) {
  return convertBytes(readOnnx(input), opts);
}

function convertBytes(onnx: Model, opts: ConvertOptions) {
  return compileModel(onnx, opts);
}

/** One model through the converter: the IR, model.tnx, its one parsed view, plan and manifest. */
export function convertOne(opts: BuildOptions, profile: Profile) {
  var quantOptions = quantOptionsOf(opts);
  var src = sourceOf(opts);
  var onnx = decodeOnnx(src.bytes, src.file !== null ? src.file : src.name);
  var c = convertBytes(onnx, { shapes: opts.shapes, consts: opts.consts, quantize: quantOptions, maxView: profile.maxView, maxArena: opts.maxArena, state: opts.state,
    // the SIMD core's products against the FFT (recognizeDft.ts), per target: a node or webview
    // build without the core (--wasm off, or an engine without WebAssembly) computes the same math
    productSpeed: profile.wasm ? 8 : 1 });
  return { name: src.name, sourceBytes: src.bytes.length, ...c, view: readModel(c.tnx), quant: c.quantization || undefined, quantOptions };
}

/** The target's runtime bundles for these kernels, each checked against the target. */
// node/webview carry the WebAssembly SIMD core for the kernels that have a wasm version, unless
// `wasm: false` (--wasm off); bundles.wasm is that core (its bytes per routine go in the report),
// holding the routines the models' nodes use (all a kernel may use when no model is given).
export async function bundlesFor(kernelFiles: string[], profile: Profile, wasmOn = true, models?: ModelView[]): Promise<BundleFile[] & { wasm?: WasmCore | null }> {
  var refs = kernelRefs(kernelFiles);
  var wasm = profile.wasm && wasmOn ? await wasmCoreFor(refs, models) : null;
  var bundles: BundleFile[] & { wasm?: WasmCore | null } = await buildBundle(refs, profile, { wasm });
  for (var bf of bundles) assertBundleFits(bf.file, bf.code, bf.map, profile, bf.format!);   // fails the build, naming the construct
  bundles.wasm = wasm;
  return bundles;
}

/** Converts and bundles: every product of a build, each made once. */
export async function buildProducts(opts: BuildOptions): Promise<BuildProducts> {
  var target = targetOf(opts.target), profile = profileOf(target);
  var c = convertOne(opts, profile);
  var bundles = opts.runtime !== false ? await bundlesFor(c.manifest.kernels, profile, opts.wasm !== false, [c.view]) : [];
  return { ...c, target, profile, bundles, wasm: (bundles as any).wasm || null };
}

// size-report.json (docs/size-reports.md): the entry `tinyonnx size <out>` measures, plus what
// only the build knows (unminified size, the planner's lower bound, the .onnx size).
async function reportOf(p: BuildProducts): Promise<BuildReport> {
  var r = sizeReport([await entryOf(p, p.manifest.kernels)]) as BuildReport;
  if (p.quant) r.accuracy = quantReport(p.quant);   // --quantize: accuracy vs the float model
  if (p.wasm) (r as any).wasm = { bytes: p.wasm.bytes.length, routines: p.wasm.routines };   // the core's code bytes per routine
  return r;
}

/** A model's size entry; kernelFiles: the kernels of the runtime it runs on (a pipeline's union). */
export async function entryOf(p: BuildProducts, kernelFiles: string[]): Promise<BuildEntry> {
  var hasRuntime = p.bundles.length > 0;
  var e = await measureBuild({
    modelName: p.name, target: p.target, tnx: p.tnx, view: p.view,
    bundles: p.bundles.map(b => ({ file: b.file, code: b.code, map: b.map })), kernelFiles,
    raw: hasRuntime ? Buffer.byteLength(stripMapComment(p.bundles[0].raw!), 'utf8') : null, lowerBound: p.plan.lowerBound,
    baseline: hasRuntime ? await baselineSizes(p.profile) : null,
    source: { file: p.name, bytes: p.sourceBytes },
  });
  if (p.target === 'espruino') e.espruino = espruinoFit(p.view);   // what a real board cannot hold
  if (p.target === 'espruino' && hasRuntime && e.espruino!.fits) {   // the board's variables: measured in the real interpreter, else estimated
    var t = e.model.graph.tensors, estimate = estimateVariables({ bundleMin: e.bundle!.min, arena: e.ram.arena, kernelBytes: e.ram.kernels || 0,
      nodes: e.model.graph.nodes, tensors: t.activations + t.constants + t.empty, attrElements: attrElements(p.view) });
    e.variables = await espruinoVariables(espruinoUpload({ input: p.name, tnx: p.tnx, view: p.view, bundles: p.bundles }), p.tnx, estimate);
  }
  return e;
}

/** The files of a build, from its products. */
export async function filesOf(p: BuildProducts, runtime: boolean): Promise<{ files: BuildFiles; report: BuildReport }> {
  var files: BuildFiles = {};
  files['model.tnx'] = p.tnx;
  files['ops.json'] = JSON.stringify(p.manifest, null, 2) + '\n';
  var report = await reportOf(p);
  if (!runtime) return { files, report };
  for (var b of p.bundles) {
    files[b.file] = b.code + '\n';   // Terser already wrote the sourceMappingURL comment
    files[b.file + '.map'] = b.map;
  }
  files['runtime.d.ts'] = runtimeTypes(p.view, p.profile);
  for (var [name, text] of targetFiles(p.profile, { input: p.name, tnx: p.tnx, view: p.view, bundles: p.bundles })) files[name] = text;   // e.g. espruino-upload.js
  files['size-report.json'] = JSON.stringify(report, null, 2) + '\n';
  return { files, report };
}

/**
 * Builds a model's runtime in memory. With `outDir`, also writes it there (writeBuild).
 * Throws a TinyonnxError (base/errors.ts) naming the mistake on bad input.
 */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  var p = await buildProducts(opts);
  var { files, report } = await filesOf(p, opts.runtime !== false);
  var result: BuildResult = { files, ops: p.manifest, report, tnx: p.tnx, manifest: p.manifest };
  var q = p.quant;
  if (q && q.qdq && p.quantOptions!.emitQdq) result.qdq = { file: path.resolve(p.quantOptions!.emitQdq), bytes: q.qdq };
  if (opts.outDir !== undefined) writeBuild(result, opts.outDir);
  return result;
}
