// The package root, whether running from source (tsx/vitest) or from dist/host.
import * as fs from 'fs';
import * as path from 'path';

var root: string | null = null;
export function packageRoot(): string {
  if (root) return root;
  var d = __dirname;
  while (!fs.existsSync(path.join(d, 'package.json'))) {
    var up = path.dirname(d);
    if (up === d) throw new Error('tinyonnx: cannot find the package root from ' + __dirname);
    d = up;
  }
  return (root = d);
}

// Device code compiled to ES5 modules (npm run build); bundles are made from these files.
export function deviceDir(): string {
  var d = path.join(packageRoot(), 'dist', 'device');
  if (!fs.existsSync(path.join(d, 'device', 'runtime.js')))
    throw new Error(`tinyonnx: ${d} is missing; run 'npm run build' first`);
  return d;
}

// tinyonnx's own version (its package.json), never the host project's.
export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
