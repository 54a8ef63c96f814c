// The main job: model.onnx → model.tnx, ops.json, runtime bundle(s), size-report.json.
// Everything is computed in memory first and written through temporary files renamed into
// place, so a failure never leaves half-written output.
import * as fs from 'fs';
import * as path from 'path';
import { readOnnx } from '../converter/readOnnx';
import { convertModel, ConvertOptions } from '../converter/pipeline';
import { emitModel } from '../converter/emit';
import { opsManifest, Manifest } from '../converter/manifest';
import { writeModel } from '../format/write';
import { buildBundle, kernelRefs, BundleFile } from '../targets/bundle';
import { profileOf } from '../targets/profiles';
import { assertBundleFits } from '../targets/check';
import { targetFiles } from '../targets/extras';
import { espruinoFit } from '../targets/espruinoFit';
import { stripMapComment } from '../size-reports/measure';
import { measureBuild, report as sizeReport, baselineSizes } from '../size-reports/report';
import { Model } from '../converter/ir';
import { quantReport } from '../converter/int8/quantize/pass';
import { wasmCoreFor } from '../targets/wasm/kernels';
import { WasmCore } from '../targets/wasm/assemble';

export interface BuildOptions extends ConvertOptions {
  input: string;
  outDir: string;
  target?: string;
  runtime?: boolean;        // false: only model.tnx + ops.json (the `convert` command)
  wasm?: boolean;           // node/webview: false leaves the WebAssembly core out (--wasm off)
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
  var emitted = emitModel(model, { maxView: opts.maxView });
  var tnx = writeModel(emitted.model);
  return { model, tnx, plan: emitted.plan, manifest: opsManifest(model) };
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  var target = opts.target || 'node';
  var profile = profileOf(target);
  var c = convertToTnx(opts.input, { ...opts, maxView: profile.maxView });
  var bundles: BundleFile[] = [], wasm: WasmCore | null = null;
  if (opts.runtime !== false) {
    var refs = kernelRefs(c.manifest.kernels);
    wasm = profile.wasm && opts.wasm !== false ? await wasmCoreFor(refs) : null;
    var raw = await buildBundle(refs, profile, { minify: false, wasm });
    bundles = await buildBundle(refs, profile, { wasm });
    for (var bf of bundles) assertBundleFits(bf.file, bf.code, bf.map, profile, bf.format!);   // fails the build, naming the construct
    var rawBytes = Buffer.byteLength(stripMapComment(raw[0].code), 'utf8');
  }
  // size-report.json (docs/size-reports.md): the entry `tinyonnx size <out>` measures, plus what
  // only the build knows (unminified size, the planner's lower bound, the .onnx size)
  var report: any = sizeReport([await measureBuild({
    modelName: path.basename(opts.input), target, tnx: c.tnx,
    bundles: bundles.map(b => ({ file: b.file, code: b.code, map: b.map })), kernelFiles: c.manifest.kernels,
    raw: opts.runtime !== false ? rawBytes! : null, lowerBound: c.plan.lowerBound,
    baseline: opts.runtime !== false ? await baselineSizes(profile) : null,
    source: { file: path.basename(opts.input), bytes: fs.statSync(opts.input).size },
  })]);
  // --quantize: accuracy vs the float model and per-tensor quantization (converter/quantize/pass.ts)
  if (wasm) report.wasm = { bytes: wasm.bytes.length, routines: wasm.routines };   // the core's code bytes per routine
  if (target === 'espruino') report.builds[0].espruino = espruinoFit(c.tnx);   // what a real board cannot hold
  var quant = opts.quantize && opts.quantize.result;
  if (quant) (report as any).accuracy = quantReport(quant);
  var files: [string, string | Uint8Array][] = [
    ['model.tnx', c.tnx],
    ['ops.json', JSON.stringify(c.manifest, null, 2) + '\n'],
  ];
  for (var b of bundles) {
    files.push([b.file, b.code + '\n']);   // Terser already wrote the sourceMappingURL comment
    files.push([b.file + '.map', b.map]);
  }
  if (opts.runtime !== false) files.push(...targetFiles(profile, { input: opts.input, tnx: c.tnx, bundles }));   // e.g. espruino-upload.js
  if (opts.runtime !== false) files.push(['size-report.json', JSON.stringify(report, null, 2) + '\n']);
  for (var [name, data] of files) writeAtomic(path.join(opts.outDir, name), data);
  if (quant && quant.qdq && opts.quantize!.emitQdq) writeAtomic(path.resolve(opts.quantize!.emitQdq), quant.qdq);   // --emit-qdq
  return { model: c.model, tnx: c.tnx, manifest: c.manifest, bundles, report, files: files.map(f => f[0]) };
}
