// The runtime a profile runs: the build's kernels behind a wrapper that keeps every node's eval
// (in the order the runtime prepares them), and `profile(session, feeds, minMs)`, which runs the
// model once, then each node's eval alone, repeatedly, until minMs have passed: ms per call per
// node (with a JIT, after as long again warming up). Repeating an eval recomputes its output from inputs that are in place (an in-place
// node's output drifts; only the timing is used). Not minified, so every engine runs the same
// code the build's bundle runs, less Terser's rewrites. With the build's WebAssembly core (node
// builds that carry one), kernels with a wasm version run it, as in the build's bundle.
import * as path from 'path';
import { rollup, Plugin } from 'rollup';
import { deviceDir } from '../base/root';
import { KernelRef } from './bundle';
import { WASM_KERNELS } from './wasm/kernels';
import { WasmCore } from './wasm/assemble';
import { Glue } from './profiles';

export function profileEntry(kernels: KernelRef[], wasm: WasmCore | null = null, glue: Glue | null = null): string {
  var lines = [`import { createLoader } from './device/runtime.js';`], table: string[] = [];
  // the target's I/O glue (Espruino's loadFile), as the build's bundle has it
  if (glue) Object.keys(glue.exports).sort().forEach((name, i) => lines.push(`import { ${glue.exports[name]} as g${i} } from './${glue.module}.js';`));
  if (wasm) lines.push(`import { installCore } from './device/wasm/core.js';`);
  kernels.forEach((k, i) => {
    var w = wasm && WASM_KERNELS[k.file];
    lines.push(w ? `import { prepare as k${i} } from './${w.module}.js';` : `import { prepare as k${i} } from './device/kernels/${k.file}.js';`);
    table.push(`  ${JSON.stringify(k.key)}: timed(k${i})`);
  });
  lines.push(`
var evals = [];
function timed(prepare) { return function (node) { var ev = prepare(node); evals.push(ev); return ev; }; }
export var load = createLoader({
${table.join(',\n')}
});${wasm ? '\ninstallCore(' + JSON.stringify(Buffer.from(wasm.bytes).toString('base64')) + ');' : ''}${glue ? Object.keys(glue.exports).sort().map((name, i) => `\nexport var ${name} = g${i}(load);`).join('') : ''}
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

export async function profileBundle(kernels: KernelRef[], wasm: WasmCore | null = null, glue: Glue | null = null): Promise<string> {
  var entryId = path.join(deviceDir(), 'tinyonnx-profile-entry.js'), source = profileEntry(kernels, wasm, glue);
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
