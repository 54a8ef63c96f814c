// Builds a per-model runtime: a generated entry imports createLoader and exactly the kernels
// the model's ops.json names; Rollup tree-shakes, Terser minifies. Output is deterministic.
// One Rollup run per call: each output is generated once and minified from that code.
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { rollup, Plugin } from 'rollup';
import { minify, MinifyOptions } from 'terser';
import { deviceDir, packageRoot } from '../base/root';
import { Profile, Glue } from './profiles';
import { KernelModule, allKernels } from '../base/registry';
import { WasmCore } from './wasm/assemble';
import { WASM_KERNELS } from './wasm/kernels';

// raw: Rollup's code before Terser (for the size report's unminified figure), from the same run.
export interface BundleFile { file: string; code: string; map: string; format?: 'cjs' | 'es' | 'iife'; raw?: string }
export interface KernelRef { key: string; file: string }   // key 'domain:op', file below device/kernels/

export function kernelRefs(kernelFiles: string[]): KernelRef[] {
  var byFile = new Map<string, KernelModule>();
  for (var list of allKernels().values()) for (var k of list) byFile.set(k.file, k);
  return kernelFiles.map(f => {
    var k = byFile.get(f);
    if (!k) throw new Error(`no kernel file device/kernels/${f}`);
    return { key: `${k.meta.domain}:${k.meta.op}`, file: f };
  });
}

// The generated entry: createLoader with the kernel table, and the target's I/O glue (each glue
// function is made from `load`). Without glue the entry is what the node bundle always had.
// With a wasm core, kernels that have a wasm version import it (device/wasm/), and the lines that
// install the core come last, so every other line stays where size-reports/attribute.ts expects it.
export function entrySource(kernels: KernelRef[], glue: Glue | null = null, wasm: boolean = false): string {
  var lines = [`import { createLoader } from './device/runtime.js';`];
  var table: string[] = [];
  kernels.forEach((k, i) => {
    var w = wasm && WASM_KERNELS[k.file];
    lines.push(w ? `import { prepare as k${i} } from './${w.module}.js';` : `import { prepare as k${i} } from './device/kernels/${k.file}.js';`);
    table.push(`  ${JSON.stringify(k.key)}: k${i}`);
  });
  var glueLines: string[] = [];
  if (glue) Object.keys(glue.exports).sort().forEach((name, i) => {
    lines.push(`import { ${glue!.exports[name]} as g${i} } from './${glue!.module}.js';`);
    glueLines.push(`export var ${name} = g${i}(load);`);
  });
  lines.push(`export var load = createLoader({\n${table.join(',\n')}\n});`);
  if (wasm) glueLines.push(`import { installCore } from './device/wasm/core.js';`, `import { CORE } from './${CORE_BYTES}';`, 'installCore(CORE);');
  return lines.concat(glueLines).join('\n') + '\n';
}

var ENTRY = 'tinyonnx-entry.js';
var CORE_BYTES = 'device/wasm/coreBytes.js';   // a generated module: the size report sees the bytes apart
// Espruino's native helpers, each null where E.convolve is missing: a target whose engine cannot
// have them gets a module of the same functions that return null, and Rollup drops the callers' use.
var NATIVES = 'device/kernels/nn/nativeDot.js';

function stubOf(code: string): string {
  var names: string[] = [], re = /^export function (\w+)\(/gm, m: RegExpExecArray | null;
  while ((m = re.exec(code))) names.push(m[1]);
  return names.map(n => `export function ${n}() { return null; }\n`).join('');
}

export async function buildBundle(kernels: KernelRef[], profile: Profile, opts: { minify?: boolean; wasm?: WasmCore | null } = {}): Promise<BundleFile[]> {
  var dev = deviceDir();
  var entryId = path.join(dev, ENTRY), bytesId = path.join(dev, CORE_BYTES);
  var source = entrySource(kernels, profile.glue, !!opts.wasm);
  var bytesSource = opts.wasm ? `export var CORE = ${JSON.stringify(Buffer.from(opts.wasm.bytes).toString('base64'))};\n` : '';
  var nativesId = path.join(dev, NATIVES), nativesStub = profile.natives ? null : stubOf(fs.readFileSync(nativesId, 'utf8'));
  var plugin: Plugin = {
    name: 'tinyonnx-entry',
    resolveId(id, importer) { return id === entryId ? id : importer === entryId && id === './' + CORE_BYTES ? bytesId : null; },
    load(id) { return id === entryId ? source : id === bytesId ? bytesSource : id === nativesId ? nativesStub : null; },
  };
  var bundle = await rollup({ input: entryId, plugins: [plugin], treeshake: { moduleSideEffects: false }, onwarn() {} });
  var out: BundleFile[] = [];
  for (var spec of profile.outputs) {
    // Sources relative to the package root, so builds are identical wherever the package lives.
    var gen = await bundle.generate({ format: spec.format, name: 'tinyonnx', sourcemap: true, exports: 'named', strict: false,
      sourcemapPathTransform: (rel, mapFile) => path.relative(packageRoot(), path.resolve(path.dirname(mapFile), rel)).split(path.sep).join('/') });
    var chunk = gen.output[0] as any;
    var map = chunk.map;
    map.sourcesContent = undefined;
    var code = chunk.code as string, raw = code, mapText = JSON.stringify(map);
    if (opts.minify !== false) {
      var t = profile.terser;
      var min = await minifyCached(code, {
        ecma: t.ecma as any, module: spec.format === 'es', safari10: !!t.safari10,
        compress: { ...t.compress }, mangle: true,
        sourceMap: { content: mapText, url: spec.file + '.map' },
        format: { ...t.format },
      });
      code = min.code;
      mapText = min.map;
    }
    out.push({ file: spec.file, code, map: mapText, format: spec.format, raw });
  }
  await bundle.close();
  return out;
}

// Terser is most of a build's time, and its output depends only on its input and options: with
// TINYONNX_BUNDLE_CACHE naming a folder (the test suite and .ci/run set one), each minified
// bundle is kept there under a hash of both and reused by later builds, in any process. The
// cache only saves time: an entry that cannot be read or written is minified afresh.
async function minifyCached(code: string, options: MinifyOptions): Promise<{ code: string; map: string }> {
  var dir = process.env.TINYONNX_BUNDLE_CACHE;
  var file = dir ? path.join(dir, createHash('sha256').update(JSON.stringify([TERSER, options, code])).digest('hex') + '.json') : '';
  if (file) try {
    var hit = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof hit.code === 'string' && typeof hit.map === 'string') return hit;
  } catch (e) { /* not cached yet */ }
  var min = await minify(code, options), r = { code: min.code!, map: min.map as string };
  if (file) try {
    fs.mkdirSync(dir!, { recursive: true });
    var tmp = file + '.' + process.pid + '.tmp';     // written whole, then renamed: readers never see half a file
    fs.writeFileSync(tmp, JSON.stringify(r));
    fs.renameSync(tmp, file);
  } catch (e) { /* a read-only or full cache folder: the build goes on */ }
  return r;
}

var TERSER = (() => { try { return require('terser/package.json').version; } catch (e) { return '?'; } })();
