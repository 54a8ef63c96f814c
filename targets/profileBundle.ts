// The runtime a profile runs: the build's kernels behind a wrapper that keeps every node's eval
// (in the order the runtime prepares them), and `profile(session, feeds, minMs)`, which runs the
// model once, then each node's eval alone, repeatedly, until minMs have passed: ms per call per
// node (with a JIT, after as long again warming up). Repeating an eval recomputes its output from inputs that are in place (an in-place
// node's output drifts; only the timing is used). Not minified, so every engine runs the same
// code the build's bundle runs, less Terser's rewrites.
import * as path from 'path';
import { rollup, Plugin } from 'rollup';
import { deviceDir } from '../base/root';
import { KernelRef } from './bundle';

export function profileEntry(kernels: KernelRef[]): string {
  var lines = [`import { createLoader } from './device/runtime.js';`], table: string[] = [];
  kernels.forEach((k, i) => {
    lines.push(`import { prepare as k${i} } from './device/kernels/${k.file}.js';`);
    table.push(`  ${JSON.stringify(k.key)}: timed(k${i})`);
  });
  lines.push(`
var evals = [];
function timed(prepare) { return function (node) { var ev = prepare(node); evals.push(ev); return ev; }; }
export var load = createLoader({
${table.join(',\n')}
});
export function profile(session, feeds, minMs, now, jit) {
  var r = [], w = jit ? 2 : 1;
  for (var k = 0; k < w; k++) session.run(feeds);
  for (var i = 0; i < evals.length; i++) {
    for (var pass = 0; pass < w; pass++) {   // with a JIT, the first pass only warms the eval up
      var ev = evals[i], n = 0, t0 = now(), t = 0;
      do { ev(); n++; t = now() - t0; } while (t < minMs);
    }
    r.push(t / n);
  }
  return r;
}`);
  return lines.join('\n') + '\n';
}

export async function profileBundle(kernels: KernelRef[]): Promise<string> {
  var entryId = path.join(deviceDir(), 'tinyonnx-profile-entry.js'), source = profileEntry(kernels);
  var plugin: Plugin = {
    name: 'tinyonnx-profile-entry',
    resolveId(id) { return id === entryId ? id : null; },
    load(id) { return id === entryId ? source : null; },
  };
  var bundle = await rollup({ input: entryId, plugins: [plugin], treeshake: { moduleSideEffects: false }, onwarn() {} });
  var gen = await bundle.generate({ format: 'iife', name: 'tinyonnx', exports: 'named', strict: false });
  await bundle.close();
  return gen.output[0].code;
}
