// Builds a model once per test file into a temporary folder and loads its node runtime.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, BuildResult } from '../api/build';
import { ModelSpec } from './models';

var cache = new Map<string, Promise<{ dir: string; result: BuildResult; load: (b: Uint8Array) => any }>>();
export var TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-test-'));

export function buildSpec(spec: ModelSpec, extra: { shapes?: Record<string, number[]>; target?: string; tag?: string; wasm?: boolean } = {}) {
  var key = `${spec.name}-${extra.tag || ''}-${extra.target || 'node'}${extra.wasm === false ? '-js' : ''}`;
  if (!cache.has(key)) cache.set(key, (async () => {
    var dir = path.join(TMP, key);
    var result = await build({ input: spec.file, outDir: dir, target: extra.target || 'node',
      shapes: { ...spec.shapes, ...extra.shapes }, consts: spec.consts, wasm: extra.wasm });
    var load = extra.target && extra.target !== 'node' ? (null as any) : require(path.join(dir, 'runtime.cjs')).load;
    return { dir, result, load };
  })());
  return cache.get(key)!;
}

export async function sessionFor(spec: ModelSpec, extra: { shapes?: Record<string, number[]>; tag?: string; wasm?: boolean } = {}) {
  var b = await buildSpec(spec, extra);
  return b.load(fs.readFileSync(path.join(b.dir, 'model.tnx')));
}
