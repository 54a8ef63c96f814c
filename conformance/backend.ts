// The conformance backend that exercises the shipped path: IR → .tnx bytes → the node-target
// runtime bundle (built once, holding every registry kernel) → run.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Model } from '../converter/ir';
import { emitModel } from '../converter/emit';
import { writeModel } from '../format/write';
import { allKernels } from '../base/registry';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { PROFILES } from '../targets/profiles';
import { Backend } from './run';

export async function runtimeBackend(): Promise<Backend> {
  var files: string[] = [];
  for (var list of allKernels().values()) for (var k of list) files.push(k.file);
  var bundles = await buildBundle(kernelRefs(files.sort()), PROFILES.node, { minify: false });
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-conf-'));
  var file = path.join(dir, 'runtime.cjs');
  fs.writeFileSync(file, bundles.find(b => b.file === 'runtime.cjs')!.code);
  var { load } = require(file);
  fs.rmSync(dir, { recursive: true, force: true });   // loaded: the folder is no longer needed
  return (model: Model, feeds) => {
    var bytes = writeModel(emitModel(model).model);
    var session = load(bytes);
    var outs = session.run(feeds);
    var copy: Record<string, ArrayLike<number>> = {};
    for (var k in outs) copy[k] = outs[k];
    return copy;
  };
}
