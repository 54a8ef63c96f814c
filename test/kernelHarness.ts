// Shared by the kernel-family tests: seeded values, ONNX attribute builders, and one minified
// ES5 (espruino-profile) runtime holding every kernel of some device/kernels folders.
import * as fs from 'fs';
import * as path from 'path';
import * as acorn from 'acorn';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { profileOf } from '../targets/profiles';

export function rng(seed: number) {
  var s = seed >>> 0;
  return function () { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}

export function ints(n: number, lo: number, hi: number, seed: number) {
  var r = rng(seed), a: number[] = [];
  for (var i = 0; i < n; i++) a.push(lo + Math.floor(r() * (hi - lo + 1)));
  return a;
}

export function floats(n: number, lo: number, hi: number, seed: number) {
  var r = rng(seed), a: number[] = [];
  for (var i = 0; i < n; i++) a.push(Math.fround(lo + r() * (hi - lo)));
  return a;
}

export var attr = {
  i: (name: string, v: number) => ({ name, type: 2, i: v }),
  f: (name: string, v: number) => ({ name, type: 1, f: v }),
  s: (name: string, v: string) => ({ name, type: 3, s: Buffer.from(v) }),
  ints: (name: string, v: number[]) => ({ name, type: 7, ints: v }),
  floats: (name: string, v: number[]) => ({ name, type: 6, floats: v }),
  strings: (name: string, v: string[]) => ({ name, type: 8, strings: v.map(x => Buffer.from(x)) }),
};

// The bundle must parse as ES5; `load` comes from the global it defines.
export function es5Loader(dirs: string[]): () => Promise<(bytes: Uint8Array) => any> {
  var loader: Promise<(bytes: Uint8Array) => any> | null = null;
  return function () {
    if (!loader) loader = (async () => {
      var files: string[] = [];
      for (var dir of dirs)
        for (var f of fs.readdirSync(path.join(__dirname, '..', 'device', 'kernels', dir)).sort())
          if (/^[A-Z]\w*\.ts$/.test(f)) files.push(dir + '/' + f.replace(/\.ts$/, ''));
      var code = (await buildBundle(kernelRefs(files), profileOf('espruino')))[0].code;
      acorn.parse(code, { ecmaVersion: 5 });
      return new Function(code + '\nreturn tinyonnx.load;')();
    })();
    return loader;
  };
}
