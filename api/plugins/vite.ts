// Vite plugin (tinyonnx/vite): the Rollup plugin (api/plugins/rollup.ts) for production builds,
// plus the dev server: model.tnx is served from memory under <base>@tinyonnx/, and when an
// .onnx changes its modules are rebuilt and the page reloads.
//
//   // vite.config.js
//   import tinyonnx from 'tinyonnx/vite';
//   export default { plugins: [tinyonnx({ target: 'webview' })] };
//
//   // app
//   import alexa from './alexa_v0.1.onnx?tinyonnx';
//   const session = await alexa.load();
import * as crypto from 'crypto';
import * as path from 'path';
import type { IncomingMessage, ServerResponse } from 'http';
import type { Plugin as RollupPlugin } from 'rollup';
import { rollupPlugin, ModelBuilds, TinyonnxPluginOptions, isModelImport, modelModule } from './rollup';

export { TinyonnxPluginOptions };

var DEV_PREFIX = '@tinyonnx/';

// The parts of Vite's plugin API used here, spelled out so this file (and its .d.ts) needs no
// types from vite: a Vite plugin is a Rollup plugin plus these hooks.
interface ViteModule { id: string | null }
interface ViteDevServer {
  middlewares: { use(fn: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void };
  moduleGraph: { getModuleById(id: string): ViteModule | undefined; invalidateModule(m: ViteModule): void };
  ws: { send(payload: { type: 'full-reload' }): void };
}
export interface VitePlugin extends RollupPlugin {
  enforce?: 'pre' | 'post';
  configResolved?(config: { command: 'build' | 'serve'; root: string; base: string }): void;
  configureServer?(server: ViteDevServer): void;
  handleHotUpdate?(ctx: { file: string; server: ViteDevServer }): ViteModule[] | void;
}

export default function tinyonnx(options: TinyonnxPluginOptions = {}): VitePlugin {
  var builds = new ModelBuilds(options), base = rollupPlugin(builds) as any;
  var serving = false, publicBase = '/';
  var devFiles = new Map<string, Uint8Array>();    // path under DEV_PREFIX → model.tnx bytes

  return {
    ...base,
    enforce: 'pre',
    configResolved(config) {
      serving = config.command === 'serve';
      builds.root = config.root;
      publicBase = config.base || '/';
    },
    async load(this: any, id: string) {
      if (!serving || !isModelImport(id)) return base.load.call(this, id);
      // Dev server: no emitted assets; the middleware below serves the model bytes.
      var { built, opts, runtimeId } = await builds.build(id);
      this.addWatchFile(opts.model);
      var tnx = built.files['model.tnx'] as Uint8Array;
      if (builds.inlined(built, opts)) return modelModule(runtimeId, built, { bytes: tnx });
      var file = `${crypto.createHash('sha256').update(tnx).digest('hex').slice(0, 16)}/${path.basename(opts.model, '.onnx')}.tnx`;
      devFiles.set(file, tnx);
      return modelModule(runtimeId, built, { url: JSON.stringify(publicBase + DEV_PREFIX + file) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        var url = (req.url || '').split('?')[0], at = url.indexOf('/' + DEV_PREFIX);
        var bytes = at >= 0 ? devFiles.get(decodeURIComponent(url.slice(at + 1 + DEV_PREFIX.length))) : undefined;
        if (!bytes) return next();
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length, 'Cache-Control': 'no-cache' });
        res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      });
    },
    // An .onnx changed: drop its builds, invalidate the modules that import it, reload the page.
    handleHotUpdate(ctx) {
      var ids = builds.importsOf.get(ctx.file);
      if (!ids) return;
      builds.forget(ctx.file);
      var mods: ViteModule[] = [];
      for (var id of ids) {
        var mod = ctx.server.moduleGraph.getModuleById(id);
        if (mod) { ctx.server.moduleGraph.invalidateModule(mod); mods.push(mod); }
      }
      ctx.server.ws.send({ type: 'full-reload' });
      return mods;
    },
  };
}
