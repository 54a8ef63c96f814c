// The one place the plugins call the build API. The in-memory API (issue 14, point 2) returns
// { files: { 'model.tnx': Uint8Array, 'runtime.mjs': string, ... }, ops, report }; until it lands,
// the file-writing build() runs into a temporary folder and the files are read back. The call
// passes both spellings (model, and input + outDir), so it works with either.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

var TEXT = /\.(m?js|cjs|json|map|d\.ts)$/;

export async function buildModel(opts: ModelBuildOptions): Promise<ModelBuild> {
  var api = require('../build');
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-plugin-'));
  try {
    var r = await api.build({ ...opts, input: opts.model, outDir: dir });
    if (!Array.isArray(r.files)) return { files: r.files, ops: r.ops, report: r.report };
    var files: Record<string, Uint8Array | string> = {};
    for (var name of r.files as string[]) {
      var bytes = fs.readFileSync(path.join(dir, name));
      files[name] = TEXT.test(name) ? bytes.toString('utf8') : new Uint8Array(bytes);
    }
    return { files, ops: r.manifest, report: r.report };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
