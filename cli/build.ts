// The main job: model.onnx → model.tnx, ops.json, runtime bundle(s), size-report.json.
// Everything is computed in memory first and written through temporary files renamed into
// place, so a failure never leaves half-written output.
import * as fs from 'fs';
import * as path from 'path';
import { readOnnx } from '../converter/readOnnx';
import { convertModel, ConvertOptions } from '../converter/convert';
import { emitModel } from '../converter/emit';
import { opsManifest, Manifest } from '../converter/manifest';
import { writeModel } from '../format/write';
import { buildBundle, kernelRefs, BundleFile } from '../targets/bundle';
import { profileOf } from '../targets/profiles';
import { compressedSizes } from '../size-reports/measure';
import { Model } from '../converter/ir';

export interface BuildOptions extends ConvertOptions {
  input: string;
  outDir: string;
  target?: string;
  runtime?: boolean;        // false: only model.tnx + ops.json (the `convert` command)
}

export interface BuildResult {
  model: Model;
  tnx: Uint8Array;
  manifest: Manifest;
  bundles: BundleFile[];
  report: any;
  files: string[];
}

export function writeAtomic(file: string, data: string | Uint8Array) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  var tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export function convertToTnx(input: string, opts: ConvertOptions) {
  var model = convertModel(readOnnx(input), opts);
  var emitted = emitModel(model);
  var tnx = writeModel(emitted.model);
  return { model, tnx, plan: emitted.plan, manifest: opsManifest(model) };
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  var target = opts.target || 'node';
  var profile = profileOf(target);
  var c = convertToTnx(opts.input, opts);
  var bundles: BundleFile[] = [];
  if (opts.runtime !== false) {
    var refs = kernelRefs(c.manifest.kernels);
    var raw = await buildBundle(refs, profile, { minify: false });
    bundles = await buildBundle(refs, profile);
    var sizes = compressedSizes(raw[0].code, bundles[0].code);
  }
  var report = {
    version: 1,
    builds: [{
      model: path.basename(opts.input),
      target,
      bundle: sizes! || null,
      model_bytes: { tnx: c.tnx.length, onnx: fs.statSync(opts.input).size },
      ram: { arena: c.plan.arenaBytes, lowerBound: c.plan.lowerBound },
      ops: c.manifest.ops.length,
    }],
  };
  var files: [string, string | Uint8Array][] = [
    ['model.tnx', c.tnx],
    ['ops.json', JSON.stringify(c.manifest, null, 2) + '\n'],
  ];
  for (var b of bundles) {
    files.push([b.file, b.code + `\n//# sourceMappingURL=${b.file}.map\n`]);
    files.push([b.file + '.map', b.map]);
  }
  if (opts.runtime !== false) files.push(['size-report.json', JSON.stringify(report, null, 2) + '\n']);
  for (var [name, data] of files) writeAtomic(path.join(opts.outDir, name), data);
  return { model: c.model, tnx: c.tnx, manifest: c.manifest, bundles, report, files: files.map(f => f[0]) };
}
