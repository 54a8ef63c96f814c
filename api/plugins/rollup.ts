// Rollup plugin (tinyonnx/rollup): `import alexa from './alexa_v0.1.onnx?tinyonnx'` builds the
// model at bundle time and gives a module with its loader:
//   alexa.load()          → Promise of a session (fetches model.tnx, or decodes it if inlined)
//   alexa.loadSession(b)  → a session from bytes you have (a Worker, an AudioWorklet)
//   alexa.modelUrl, alexa.inputs, alexa.outputs, alexa.arenaBytes
// model.tnx is emitted as an asset (inlined as base64 under `inlineLimit` bytes); the runtime is
// a module of its own, shared by models whose runtimes are identical. Options come from the
// plugin config and, per import, from the query: ?target=node&shape=input=1x512&const=sr=16000
// &state=stateN=state&quantize=dynamic&inline=true&tinyonnx (docs/plugins.md).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Plugin, PluginContext } from 'rollup';
import { buildModel, ModelBuild, ModelBuildOptions } from './buildModel';
import { parseConstFlag, parseShapeFlag } from '../../converter/passes/specialize';
import { parseStateFlag } from '../../converter/state';
import { UserError } from '../../base/errors';
import { modelIO } from '../../targets/engines/common';

export interface TinyonnxPluginOptions {
  target?: 'webview' | 'node' | 'quickjs' | 'espruino';   // default webview
  shapes?: Record<string, number[]>;
  consts?: Record<string, number[]>;
  state?: Record<string, string>;
  quantize?: 'dynamic' | 'int8';
  calibrate?: string;              // folder of calibration inputs, for quantize int8
  inlineLimit?: number;            // model.tnx below this many bytes is inlined (default 4096)
  reportFile?: string | false;     // size report asset (default 'tinyonnx-report.json')
}

var QUERY = /\?(.*&)?tinyonnx(=[^&]*)?(&|$)/;
var RUNTIME_PREFIX = '\0tinyonnx-runtime:';

export function isModelImport(id: string): boolean { return QUERY.test(id); }

// The build options of one import: plugin config, then its query.
export function optionsOf(id: string, base: TinyonnxPluginOptions): ModelBuildOptions & { inline?: boolean } {
  var q = id.indexOf('?'), file = id.slice(0, q), params = new URLSearchParams(id.slice(q + 1));
  var shapes = { ...base.shapes }, consts = { ...base.consts }, state = base.state ? { ...base.state } : undefined;
  for (var s of params.getAll('shape')) { var [n, d] = parseShapeFlag(s); shapes[n] = d; }
  for (var c of params.getAll('const')) { var [n, v] = parseConstFlag(c); consts[n] = v; }
  for (var p of params.getAll('state')) { var [o, i] = parseStateFlag(p); (state = state || {})[o] = i; }
  var mode = params.get('quantize') || base.quantize, calibrate = params.get('calibrate') || base.calibrate;
  if (mode && mode !== 'dynamic' && mode !== 'int8') throw new UserError(`${file}: quantize must be dynamic or int8, got '${mode}'`);
  var inline = params.has('inline') ? params.get('inline') !== 'false' : undefined;
  return {
    model: file, target: params.get('target') || base.target || 'webview', shapes, consts, state, inline,
    quantize: mode ? { mode: mode as any, calibrate: calibrate ? path.resolve(path.dirname(file), calibrate) : undefined } : undefined,
  };
}

function base64Decoder(): string {
  // atob is not everywhere the runtime runs (QuickJS, a worklet in some engines): decode by hand.
  return `function decode(s) {
  var A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', m = {}, i, j = 0, b = 0, n = 0;
  for (i = 0; i < 64; i++) m[A.charAt(i)] = i;
  var out = new Uint8Array(Math.floor(s.replace(/=+$/, '').length * 3 / 4));
  for (i = 0; i < s.length && s.charAt(i) !== '='; i++) {
    b = b << 6 | m[s.charAt(i)]; n += 6;
    if (n >= 8) { n -= 8; out[j++] = b >> n & 255; }
  }
  return out;
}`;
}

// The generated module; `tnx` is how it finds the model: an expression giving its URL, or the bytes.
export function modelModule(runtimeId: string, built: ModelBuild, tnx: { url: string } | { bytes: Uint8Array }): string {
  var b = built.report.builds[0], io = modelIO(built.files['model.tnx'] as Uint8Array);   // state inputs left out: carried
  var lines = [
    `import { load as loadBytes } from ${JSON.stringify(runtimeId)};`,
    `export var inputs = ${JSON.stringify(io.inputs)};`,
    `export var outputs = ${JSON.stringify(io.outputs)};`,
    `export var arenaBytes = ${b.ram.arena};`,
  ];
  if ('url' in tnx) {
    lines.push(`export var modelUrl = ${tnx.url};`,
      `export function load() {`,
      `  return fetch(modelUrl).then(function (r) { if (!r.ok) throw new Error('tinyonnx: ' + modelUrl + ': HTTP ' + r.status); return r.arrayBuffer(); }).then(loadBytes);`,
      `}`);
  } else {
    lines.push(`export var modelUrl = null;`, base64Decoder(),
      `var inlined = ${JSON.stringify(Buffer.from(tnx.bytes).toString('base64'))};`,
      `export function load() { return Promise.resolve(loadBytes(decode(inlined))); }`);
  }
  lines.push(`export function loadSession(bytes) { return loadBytes(bytes); }`,
    `export default { load: load, loadSession: loadSession, modelUrl: modelUrl, inputs: inputs, outputs: outputs, arenaBytes: arenaBytes };`);
  return lines.join('\n') + '\n';
}

export function runtimeCode(built: ModelBuild): string {
  var code = built.files['runtime.mjs'];
  if (typeof code !== 'string') throw new UserError(`tinyonnx: target ${built.report.builds[0].target} has no ES module runtime (runtime.mjs); use target webview, node or quickjs`);
  return code.replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '\n');
}

// What the plugins share: building (cached by file, mtime and options), runtime modules, the
// size report, and which imports came from which .onnx (for watching and hot updates).
export class ModelBuilds {
  private cache = new Map<string, Promise<ModelBuild>>();
  runtimes = new Map<string, string>();            // runtime module id → code
  importsOf = new Map<string, Set<string>>();      // .onnx file → module ids
  reports = new Map<string, any>();                // module id → report entry

  root = process.cwd();                            // report paths are relative to it

  constructor(public options: TinyonnxPluginOptions) {}

  async build(id: string): Promise<{ built: ModelBuild; opts: ModelBuildOptions & { inline?: boolean }; runtimeId: string }> {
    var opts = optionsOf(id, this.options);
    if (!fs.existsSync(opts.model)) throw new UserError(`tinyonnx: no model file ${opts.model}`);
    var st = fs.statSync(opts.model), key = JSON.stringify([opts, st.mtimeMs, st.size]);
    if (!this.cache.has(key)) this.cache.set(key, buildModel(opts));
    var built = await this.cache.get(key)!.catch(e => { this.cache.delete(key); throw e; });
    if (!this.importsOf.has(opts.model)) this.importsOf.set(opts.model, new Set());
    this.importsOf.get(opts.model)!.add(id);
    var code = runtimeCode(built);
    var runtimeId = RUNTIME_PREFIX + crypto.createHash('sha256').update(code).digest('hex').slice(0, 16) + '.mjs';
    this.runtimes.set(runtimeId, code);
    return { built, opts, runtimeId };
  }

  forget(file: string) {
    for (var k of Array.from(this.cache.keys())) if (JSON.parse(k)[0].model === file) this.cache.delete(k);
  }

  inlined(built: ModelBuild, opts: { inline?: boolean }): boolean {
    var bytes = (built.files['model.tnx'] as Uint8Array).length;
    return opts.inline !== undefined ? opts.inline : bytes < (this.options.inlineLimit === undefined ? 4096 : this.options.inlineLimit);
  }

  record(id: string, built: ModelBuild, tnxFile: string | null) {
    var b = built.report.builds[0];
    this.reports.set(id, {
      model: path.relative(this.root, id.slice(0, id.indexOf('?'))).split(path.sep).join('/'), target: b.target,
      tnx: tnxFile || 'inlined', modelBytes: b.model.bytes, runtimeMin: b.bundle.min, runtimeGzip: b.bundle.gzip, arenaBytes: b.ram.arena,
      report: built.report,
    });
  }

  reportJson(): string {
    var models = Array.from(this.reports.values()).sort((a, b) => a.model < b.model ? -1 : a.model > b.model ? 1 : 0);
    return JSON.stringify({ tinyonnx: 1, models }, null, 2) + '\n';
  }

  summary(): string[] {
    return Array.from(this.reports.values()).map(r =>
      `tinyonnx: ${r.model} (${r.target}): model.tnx ${r.modelBytes} B${r.tnx === 'inlined' ? ' inlined' : ''}, runtime ${r.runtimeGzip} B gzip, arena ${r.arenaBytes} B`);
  }
}

export async function resolveModel(ctx: PluginContext, source: string, importer: string | undefined): Promise<string | null> {
  if (!isModelImport(source)) return null;
  var q = source.indexOf('?'), file = source.slice(0, q), query = source.slice(q);
  var r = await ctx.resolve(file, importer, { skipSelf: true });
  var abs = r && !r.external ? r.id.split('?')[0] : path.resolve(importer ? path.dirname(importer) : process.cwd(), file);
  return abs + query;
}

export default function tinyonnx(options: TinyonnxPluginOptions = {}): Plugin {
  return rollupPlugin(new ModelBuilds(options));
}

// The plugin over a given ModelBuilds (the Vite plugin shares its own).
export function rollupPlugin(builds: ModelBuilds): Plugin {
  var options = builds.options;
  return {
    name: 'tinyonnx',
    buildStart() { builds.reports.clear(); },
    resolveId(source, importer) {
      if (source.startsWith(RUNTIME_PREFIX)) return source;
      return resolveModel(this, source, importer);
    },
    async load(id) {
      if (id.startsWith(RUNTIME_PREFIX)) return builds.runtimes.get(id) || null;
      if (!isModelImport(id)) return null;
      var { built, opts, runtimeId } = await builds.build(id);
      this.addWatchFile(opts.model);
      var tnx = built.files['model.tnx'] as Uint8Array;
      if (builds.inlined(built, opts)) {
        builds.record(id, built, null);
        return modelModule(runtimeId, built, { bytes: tnx });
      }
      var ref = this.emitFile({ type: 'asset', name: path.basename(opts.model, '.onnx') + '.tnx', source: tnx });
      builds.record(id, built, ref);
      return modelModule(runtimeId, built, { url: `import.meta.ROLLUP_FILE_URL_${ref}` });
    },
    generateBundle() {
      for (var r of builds.reports.values()) if (r.tnx !== 'inlined') r.tnx = this.getFileName(r.tnx);
      if (options.reportFile !== false && builds.reports.size)
        this.emitFile({ type: 'asset', fileName: options.reportFile || 'tinyonnx-report.json', source: builds.reportJson() });
      for (var line of builds.summary()) this.info(line);
    },
  };
}
