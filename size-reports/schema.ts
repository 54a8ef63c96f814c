// The size report's JSON schema (docs/size-reports.md documents every field). Version 2 is the
// first documented one; version 1 was the minimal pre-release size-report.json.
// Fields are only ever added within a version; renaming or removing one bumps it.
import { ModelComposition } from './model';
import { Attribution, KernelSize } from './attribute';
import { RamFigures, Split } from './ram';
import { EspruinoVariables } from './variables';
import { userError } from '../base/errors';

export var SCHEMA_VERSION = 2;

export interface BundleFigures {
  file: string;                 // the primary bundle (the target's first output)
  raw: number | null;           // Rollup output before Terser (known to `build`; null if not recorded)
  min: number; gzip: number; brotli: number;
  files: { file: string; min: number; gzip: number; brotli: number }[];   // every output of the target
}

export interface BuildEntry {
  id: string;                                   // `${model.name}/${target}`: what baselines and budgets match on
  model: ModelComposition & { name: string; source: { file: string; bytes: number } | null };
  target: string;
  bundle: BundleFigures | null;                 // null for a model-only folder (tinyonnx convert)
  baseline: { min: number; gzip: number; brotli: number } | null;   // the no-kernel build for this target
  kernels: KernelSize[];
  attribution: { groups: Attribution['groups']; entries: Attribution['entries'] } | null;
  ram: RamFigures;
  split: Split;
  espruino?: { fits: boolean; problems: string[] };   // espruino builds: what a real board cannot hold (targets/espruinoFit.ts)
  variables?: EspruinoVariables;                // espruino builds that fit: JsVars after load and a run, of 12,000 (size-reports/variables.ts)
}

export interface MetricDiff { path: string; base: number | null; head: number | null; delta: number | null; pct: number | null }
export interface BuildDiff { id: string; status: 'changed' | 'unchanged' | 'new' | 'removed'; metrics: MetricDiff[]; kernels: MetricDiff[] }
export interface ReportDiff { baseline: string; builds: BuildDiff[]; totals: MetricDiff[] }

export interface SizeReport {
  version: number;
  generator: string;
  builds: BuildEntry[];
  diff?: ReportDiff;
}

/** Accuracy of a quantized build against the float model (converter/int8/quantize/pass.ts quantReport). */
export interface AccuracyReport {
  mode: string;
  method: string | null;
  samples: { calibration: number; eval: number; evalSource: 'calibration' | 'eval' | 'random' };
  outputs: Record<string, { maxAbsError: number; meanAbsError: number; snrDb: number | null; [k: string]: any }>;
  tensors: { name: string; scale: number[]; zeroPoint: number[]; [k: string]: any }[];
}

/** size-report.json as `build` writes it: one build, and the accuracy of a quantized one. */
export interface BuildReport extends SizeReport { accuracy?: AccuracyReport }

/** A report read from a file (a --baseline): checks the version and the fields diffs use. */
export function parseReport(text: string, file: string): SizeReport {
  var r: any;
  try { r = JSON.parse(text); } catch (e: any) { userError(`${file}: not JSON (${e.message})`); }
  if (!r || typeof r !== 'object' || !Array.isArray(r.builds)) userError(`${file}: not a tinyonnx size report (no "builds" array)`);
  if (r.version !== SCHEMA_VERSION)
    userError(`${file}: size report version ${r.version} is not supported (this tinyonnx reads version ${SCHEMA_VERSION}); regenerate it with tinyonnx size --json`);
  r.builds.forEach((b: any, i: number) => {
    if (!b || typeof b.id !== 'string' || !b.model || typeof b.target !== 'string')
      userError(`${file}: builds[${i}] lacks id, model or target`);
  });
  return r as SizeReport;
}

/** A numeric field of a build by dotted path ('bundle.gzip', 'model.bytes', 'ram.arena'); null if absent. */
export function metric(b: BuildEntry, path: string): number | null {
  var v: any = b;
  for (var k of path.split('.')) { if (v === null || v === undefined) return null; v = v[k]; }
  return typeof v === 'number' && isFinite(v) ? v : null;
}

/** The figures reports compare, in display order, with their labels. */
export var METRICS: { path: string; label: string }[] = [
  { path: 'bundle.gzip', label: 'bundle gzip' },
  { path: 'bundle.brotli', label: 'bundle brotli' },
  { path: 'bundle.min', label: 'bundle min' },
  { path: 'bundle.raw', label: 'bundle raw' },
  { path: 'model.bytes', label: 'model.tnx' },
  { path: 'model.weights.bytes', label: 'weights' },
  { path: 'model.graph.bytes', label: 'graph' },
  { path: 'ram.arena', label: 'arena' },
  { path: 'ram.lowerBound', label: 'arena lower bound' },
  { path: 'split.runtimeRam', label: 'runtime RAM' },
  { path: 'split.weightsFlash', label: 'weights flash' },
  { path: 'split.codeFlash', label: 'code flash' },
];

/** A pipeline's runtime (api/pipeline.ts): the kernel-free core, the kernels models share, each model's own. */
export interface PipelineFigures {
  runtime: { file: string; min: number; gzip: number; brotli: number };
  core: { min: number; gzip: number; brotli: number };   // the kernel-free runtime (the target's no-kernel baseline)
  outsideKernels: number;                       // minified bytes of this runtime outside every kernel's attribution
  shared: { kernels: string[]; bytes: number }; // kernels two or more models use
  models: { name: string; tnx: number; kernels: number; ownKernels: string[]; ownBytes: number }[];
}
