// One build's size entry, from memory (tinyonnx build) or from a build folder (tinyonnx size).
// Both go through measureBuild, so a folder measured later gives the figures build recorded.
// Figures a folder cannot show are carried in its size-report.json: the unminified size, the
// arena's lower bound (the planner's), the no-kernel baseline, the source .onnx size and an
// espruino build's variables (size-reports/variables.ts).
import * as fs from 'fs';
import * as path from 'path';
import { attribute } from './attribute';
import { minSizes, stripMapComment } from './measure';
import { modelComposition } from './model';
import { probeLoad, LoadProbe } from './loadProbe';
import { ramFigures, split } from './ram';
import { BuildEntry, SizeReport, SCHEMA_VERSION } from './schema';
import { buildBundle, kernelRefs, KernelRef } from '../targets/bundle';
import { PROFILES, Profile } from '../targets/profiles';
import { packageRoot } from '../base/root';
import { userError } from '../base/errors';
import { readModel, ModelView } from '../device/reader';

export interface BundleText { file: string; code: string; map: string | null }
export interface BuildInput {
  modelName: string;
  target: string;
  tnx: Uint8Array;
  view?: ModelView;                      // tnx parsed once by the build; read from tnx otherwise
  bundles: BundleText[];                 // the target's outputs, primary first; [] for model-only
  kernelFiles: string[];                 // ops.json "kernels"
  raw: number | null;
  lowerBound: number | null;
  baseline: { min: number; gzip: number; brotli: number } | null;
  source: { file: string; bytes: number } | null;
}

export function generator(): string {
  try { return 'tinyonnx ' + JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version; }
  catch (e) { return 'tinyonnx'; }
}

export function report(builds: BuildEntry[]): SizeReport {
  return { version: SCHEMA_VERSION, generator: generator(), builds };
}

function formatOf(file: string): 'cjs' | 'iife' | null {
  if (/\.cjs$/.test(file)) return 'cjs';
  if (/\.js$/.test(file)) return 'iife';   // the profiles' .js outputs are IIFEs
  return null;
}

export async function measureBuild(x: BuildInput): Promise<BuildEntry> {
  var model = modelComposition(x.tnx, x.view);
  var bundle: BuildEntry['bundle'] = null, attribution: BuildEntry['attribution'] = null, kernels: BuildEntry['kernels'] = [];
  var probe: LoadProbe | null = null;
  if (x.bundles.length) {
    var files = x.bundles.map(b => ({ file: b.file, ...minSizes(b.code) }));
    var primary = x.bundles[0];
    bundle = { file: primary.file, raw: x.raw, min: files[0].min, gzip: files[0].gzip, brotli: files[0].brotli, files };
    if (primary.map) {
      var refs: KernelRef[] = kernelRefs(x.kernelFiles);
      var a = attribute(stripMapComment(primary.code), JSON.parse(primary.map), refs);
      kernels = a.kernels;
      attribution = { groups: a.groups, entries: a.entries };
    }
    var runnable = x.bundles.find(b => formatOf(b.file));
    if (runnable) {
      try { probe = await probeLoad(runnable.code, formatOf(runnable.file)!, x.tnx); }
      catch (e: any) { var err: any = new Error(`${runnable.file} cannot load model.tnx: ${e && e.message ? e.message : e}`); err.loadFailed = true; throw err; }
    }
  }
  var tensors = model.graph.tensors.activations + model.graph.tensors.constants + model.graph.tensors.empty;
  var ram = ramFigures({
    arena: model.arenaSize, lowerBound: x.lowerBound, probe, tensors, nodes: model.graph.nodes,
    nameBytes: model.graph.nameBytes, fused: model.graph.fusedActivations, modelBytes: model.bytes, bundleMin: bundle ? bundle.min : null,
  });
  return {
    id: `${x.modelName}/${x.target}`,
    model: { name: x.modelName, source: x.source, ...model },
    target: x.target,
    bundle,
    baseline: x.baseline,
    kernels,
    attribution,
    ram,
    split: split(ram, model.weights.bytes + model.padding, model.bytes, bundle ? bundle.min : null),
  };
}

/**
 * Sizes of the no-kernel build for a target: createLoader with an empty kernel table. Kept per
 * process while the compiled core it is made of (dist/device/device/) is unchanged.
 */
var baselines = new Map<string, Promise<{ min: number; gzip: number; brotli: number }>>();
export function baselineSizes(profile: Profile) {
  var stamp: string[] = [profile.name, JSON.stringify(profile.outputs[0])];
  var walk = (d: string) => {
    var list: string[] = [];
    try { list = fs.readdirSync(d).sort(); } catch (e) { return; }
    for (var f of list) {
      var p = path.join(d, f), st = fs.statSync(p);
      if (st.isDirectory()) walk(p); else stamp.push(`${p}:${st.size}:${st.mtimeMs}`);
    }
  };
  walk(path.join(packageRoot(), 'dist', 'device', 'device'));
  var key = stamp.join('|');
  if (!baselines.has(key)) {
    var p = buildBundle([], profile).then(out => minSizes(out[0].code));
    p.catch(() => baselines.delete(key));
    baselines.set(key, p);
  }
  return baselines.get(key)!;
}

/** The entry `tinyonnx size` gives a build folder. */
export async function measureDir(dir: string): Promise<BuildEntry> {
  var at = (f: string) => path.join(dir, f);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) userError(`${dir}: no such build folder`);
  if (!fs.existsSync(at('model.tnx'))) userError(`${dir}: no model.tnx here; is this a tinyonnx build folder?`);
  var recorded: any = null;
  if (fs.existsSync(at('size-report.json'))) {
    try { recorded = JSON.parse(fs.readFileSync(at('size-report.json'), 'utf8')); } catch (e: any) { userError(`${at('size-report.json')}: not JSON (${e.message})`); }
  }
  var prev = recorded && recorded.version === SCHEMA_VERSION && Array.isArray(recorded.builds) ? recorded.builds[0] : null;
  var target: string = prev ? prev.target : recorded && recorded.builds && recorded.builds[0] && recorded.builds[0].target || 'unknown';
  var profile: Profile | null = (PROFILES as any)[target] || null;
  var names = profile ? profile.outputs.map(o => o.file) : ['runtime.cjs', 'runtime.mjs', 'runtime.js'];
  var bundles: BundleText[] = [];
  for (var n of names) if (fs.existsSync(at(n)))
    bundles.push({ file: n, code: fs.readFileSync(at(n), 'utf8'), map: fs.existsSync(at(n + '.map')) ? fs.readFileSync(at(n + '.map'), 'utf8') : null });
  var kernelFiles: string[] = [];
  if (bundles.length) {
    if (!fs.existsSync(at('ops.json'))) userError(`${dir}: has a runtime bundle but no ops.json`);
    try { kernelFiles = JSON.parse(fs.readFileSync(at('ops.json'), 'utf8')).kernels || []; } catch (e: any) { userError(`${at('ops.json')}: not JSON (${e.message})`); }
  }
  var tnx = fs.readFileSync(at('model.tnx'));
  try { readModel(new Uint8Array(tnx.buffer, tnx.byteOffset, tnx.length)); } catch (e: any) { userError(`${at('model.tnx')}: ${e.message}`); }
  var modelName = prev ? prev.model.name : recorded && recorded.builds && typeof recorded.builds[0]?.model === 'string' ? recorded.builds[0].model : path.basename(path.resolve(dir));
  var baseline = prev && prev.baseline ? prev.baseline : null;
  if (!baseline && profile && bundles.length) baseline = await baselineSizes(profile);
  try {
    var entry = await measureBuild({
      modelName, target, tnx: new Uint8Array(tnx.buffer, tnx.byteOffset, tnx.length), bundles, kernelFiles,
      raw: prev ? (prev.bundle ? prev.bundle.raw : null) : (recorded?.builds?.[0]?.bundle?.raw ?? null),
      lowerBound: prev ? prev.ram.lowerBound : (recorded?.builds?.[0]?.ram?.lowerBound ?? null),
      baseline, source: prev ? prev.model.source : null,
    });
    if (prev && prev.variables) entry.variables = prev.variables;   // an espruino build's JsVars, measured by build in the interpreter
    return entry;
  } catch (e: any) {
    if (e && e.loadFailed) userError(`${dir}: ${e.message}`);
    throw e;
  }
}
