// Pipelines: several models, one runtime. Each model goes through the converter on its own
// (one <name>.tnx each); the runtime is bundled once with the union of their kernels, so `load`
// takes any of the .tnx files. The size report has an entry per model (each loaded by the shared
// runtime) and a `pipeline` section: the shared core, the kernels two or more models use, and
// each model's own share. A config file (tinyonnx.config.json) names the models, their options,
// the targets and the output folder.
import * as fs from 'fs';
import * as path from 'path';
import { BuildOptions, BuildFiles, BuildProducts, Target, TARGETS, convertOne, bundlesFor, entryOf, targetOf } from './build';
import { runtimeTypes } from './types';
import { writeBuild } from './write';
import { profileOf } from '../targets/profiles';
import { targetFiles } from '../targets/extras';
import { report as sizeReport } from '../size-reports/report';
import { PipelineFigures, BuildReport, BuildEntry } from '../size-reports/schema';
import { Manifest } from '../converter/manifest';
import { userError } from '../base/errors';

export type PipelineModel = Omit<BuildOptions, 'target' | 'runtime' | 'outDir'> & { model: string | Uint8Array };

export interface PipelineOptions {
  models: PipelineModel[];
  target?: Target;
  outDir?: string;                        // also write the result there (writeBuild)
}

export interface PipelineResult {
  files: BuildFiles;
  ops: Manifest;                          // the union: the runtime's kernels
  models: { name: string; file: string; ops: Manifest }[];   // file: the model's .tnx in `files`
  report: BuildReport & { pipeline: PipelineFigures };
}

// 'melspectrogram.onnx' → 'melspectrogram'; names stay unique within a pipeline.
function stemOf(name: string): string {
  return name.replace(/\.onnx$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'model';
}

function unionManifest(list: Manifest[]): Manifest {
  var kernels = new Set<string>(), ops = new Map<string, Manifest['ops'][number]>();
  for (var m of list) {
    m.kernels.forEach(k => kernels.add(k));
    for (var o of m.ops) {
      var key = `${o.domain}:${o.op}:${o.opset}`, e = ops.get(key);
      if (!e) ops.set(key, { ...o, dtypes: o.dtypes.slice() });
      else for (var d of o.dtypes) if (e.dtypes.indexOf(d) < 0) e.dtypes.push(d);
    }
  }
  var all = Array.from(ops.values()).map(o => ({ ...o, dtypes: o.dtypes.sort() }));
  all.sort((a, b) => (a.domain + ':' + a.op < b.domain + ':' + b.op ? -1 : a.domain + ':' + a.op > b.domain + ':' + b.op ? 1 : a.opset - b.opset));
  return { ops: all, kernels: Array.from(kernels).sort() };
}

/** Builds one runtime for several models, in memory. With `outDir`, also writes it there. */
export async function buildPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  if (!opts.models || !opts.models.length) userError('pipeline: name at least one model', 'INVALID_OPTION');
  var target = targetOf(opts.target), profile = profileOf(target);
  var converted = opts.models.map(m => convertOne(m, profile));
  var stems = converted.map(c => stemOf(c.name));
  stems.forEach((s, i) => { if (stems.indexOf(s) !== i) userError(`pipeline: two models are named '${s}'; give one of them another file name (or name)`, 'INVALID_OPTION'); });
  var union = unionManifest(converted.map(c => c.manifest));
  var bundles = await bundlesFor(union.kernels, profile, true, converted.map(c => c.view));
  var products: BuildProducts[] = converted.map(c => ({ ...c, target, profile, bundles }));
  var entries = [];
  for (var p of products) entries.push(await entryOf(p, union.kernels));   // each .tnx loaded by the shared runtime
  var report = sizeReport(entries) as PipelineResult['report'];
  report.pipeline = shares(products, entries);
  var files: BuildFiles = {};
  products.forEach((p, i) => { files[stems[i] + '.tnx'] = p.tnx; });
  files['ops.json'] = JSON.stringify({ ...union, models: Object.fromEntries(products.map((p, i) => [stems[i], p.manifest])) }, null, 2) + '\n';
  for (var b of bundles) { files[b.file] = b.code + '\n'; files[b.file + '.map'] = b.map; }
  files['runtime.d.ts'] = runtimeTypes(products.map((p, i) => ({ key: stems[i], view: p.view })), profile);
  for (var [i, p] of products.entries())
    for (var [name, text] of targetFiles(profile, { input: p.name, tnx: p.tnx, view: p.view, bundles }))
      files[products.length > 1 ? `${stems[i]}-${name}` : name] = text;
  files['size-report.json'] = JSON.stringify(report, null, 2) + '\n';
  var result: PipelineResult = { files, ops: union, models: products.map((p, i) => ({ name: p.name, file: stems[i] + '.tnx', ops: p.manifest })), report };
  if (opts.outDir !== undefined) writeBuild(result, opts.outDir);
  return result;
}

// Who pays for what in the shared runtime: kernels one model alone uses are its share; kernels
// two or more use are shared; the rest of the bundle is the kernel-free core.
function shares(products: BuildProducts[], entries: BuildEntry[]): PipelineFigures {
  var sizes = new Map(entries[0].kernels.map(k => [k.file, k.bytes]));
  var users = new Map<string, number>();
  for (var p of products) for (var k of p.manifest.kernels) users.set(k, (users.get(k) || 0) + 1);
  var sum = (files: string[]) => files.reduce((a, f) => a + (sizes.get(f) || 0), 0);
  var shared = Array.from(users.keys()).filter(k => users.get(k)! > 1).sort();
  var bundle = entries[0].bundle!;
  return {
    runtime: { file: bundle.file, min: bundle.min, gzip: bundle.gzip, brotli: bundle.brotli },
    core: entries[0].baseline!,
    outsideKernels: bundle.min - sum(Array.from(users.keys())),
    shared: { kernels: shared, bytes: sum(shared) },
    models: products.map(p => {
      var own = p.manifest.kernels.filter(k => users.get(k) === 1);
      return { name: p.name, tnx: p.tnx.length, kernels: p.manifest.kernels.length, ownKernels: own, ownBytes: sum(own) };
    }),
  };
}

/** Reads tinyonnx.config.json: paths in it are relative to its folder. */
export function readConfig(file: string): { targets: Target[]; out: string | undefined; models: PipelineModel[] } {
  var text: string, c: any;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e: any) { userError(`${file}: ${e.code === 'ENOENT' ? 'no such config file' : e.code === 'EISDIR' ? 'is a folder, not a config file' : 'cannot read: ' + e.code}`, e.code === 'ENOENT' ? 'NOT_FOUND' : 'FS_ERROR'); }
  try { c = JSON.parse(text!); } catch (e: any) { userError(`${file}: not JSON (${e.message})`); }
  var dir = path.dirname(path.resolve(file)), at = (p: any, what: string) => {
    if (typeof p !== 'string' || !p) userError(`${file}: ${what} must be a path`);
    return path.resolve(dir, p);
  };
  if (!c || typeof c !== 'object' || !Array.isArray(c.models) || !c.models.length) userError(`${file}: needs "models": [{ "model": "a.onnx", ... }]`);
  var known = ['model', 'name', 'shapes', 'consts', 'quantize', 'calibrate', 'calibrateMethod', 'percentile', 'eval', 'emitQdq'];
  var models = c.models.map((m: any, i: number) => {
    if (typeof m === 'string') m = { model: m };
    if (!m || typeof m !== 'object') userError(`${file}: models[${i}] must be a path or { "model": ... }`);
    for (var k of Object.keys(m)) if (known.indexOf(k) < 0) userError(`${file}: models[${i}]: unknown key "${k}" (known: ${known.join(', ')})`);
    var out: PipelineModel = { ...m, model: at(m.model, `models[${i}].model`) };
    for (var k of ['calibrate', 'eval', 'emitQdq']) if (m[k] !== undefined) (out as any)[k] = at(m[k], `models[${i}].${k}`);
    return out;
  });
  var targets: any[] = c.targets !== undefined ? c.targets : c.target !== undefined ? [c.target] : ['node'];
  if (!Array.isArray(targets) || !targets.length) userError(`${file}: "targets" must be a list, e.g. ["webview"]`);
  for (var t of targets) if (TARGETS.indexOf(t) < 0) userError(`${file}: target '${t}' is not one of ${TARGETS.join(', ')}`);
  return { targets, out: c.out !== undefined ? at(c.out, 'out') : undefined, models };
}
