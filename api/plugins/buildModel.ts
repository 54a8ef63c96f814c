// The one place the plugins call the build API: the in-memory build() (api/build.ts), whose
// files are { 'model.tnx': Uint8Array, 'runtime.mjs': string, ... }.
import { build } from '../build';
import { QuantizeOptions } from '../../converter/int8/quantize/pass';

export interface ModelBuildOptions {
  model: string;                           // path of the .onnx file
  target: string;
  shapes?: Record<string, number[]>;
  consts?: Record<string, number[]>;
  state?: Record<string, string>;          // output → input carried between runs (docs/streaming.md)
  quantize?: QuantizeOptions;
}

export interface ModelBuild {
  files: Record<string, Uint8Array | string>;   // 'model.tnx' bytes, 'runtime.mjs' text, ...
  ops: unknown;
  report: any;                                    // size-report.json (docs/size-reports.md)
}

export async function buildModel(opts: ModelBuildOptions): Promise<ModelBuild> {
  var r = await build({ model: opts.model, target: opts.target as any, shapes: opts.shapes, consts: opts.consts, state: opts.state, quantize: opts.quantize });
  return { files: r.files, ops: r.ops, report: r.report };
}
