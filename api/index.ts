// tinyonnx's build API (the package's main export). Every function takes plain options and
// returns plain data; nothing is printed. Mistakes in what a caller gives are thrown as a
// TinyonnxError with a `code` and a one-line message. The command line (cli/) is a thin layer on this.
import { build as buildModel, BuildOptions, BuildResult } from './build';
import { packageVersion } from '../base/root';

export { build, BuildOptions, BuildResult, BuildFiles, Target, TARGETS } from './build';
export { writeBuild } from './write';
export { inspect, Summary } from './inspect';
export { size, SizeOptions, SizeOutcome } from './size';
export { buildPipeline, PipelineOptions, PipelineModel, PipelineResult, readConfig } from './pipeline';
export { TinyonnxError, ErrorCode } from '../base/errors';
export { BuildReport, SizeReport, BuildEntry, AccuracyReport, PipelineFigures } from '../size-reports/schema';
export { Manifest } from '../converter/manifest';

export type ConvertOptions = Omit<BuildOptions, 'runtime'>;

/** model.tnx and ops.json only (no runtime): the `convert` command. */
export function convert(opts: ConvertOptions): Promise<BuildResult> {
  return buildModel({ ...opts, runtime: false });
}

/** The package's version (from its own package.json). */
export function version(): string {
  return packageVersion();
}
