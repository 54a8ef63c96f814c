import { defineConfig } from 'vitest/config';
import * as fs from 'fs';
import * as path from 'path';

// Tests that need an engine from apt (Duktape, Chromium) are left out, with one line naming the
// package, when it is not installed; TINYONNX_REQUIRE_ENGINES=1 (.ci/run) runs them regardless,
// so a missing engine fails them.
var onPath = (cmd: string) => (process.env.PATH || '').split(path.delimiter).some(d => d && fs.existsSync(path.join(d, cmd)));
var haveDuk = () => { var d = process.env.TINYONNX_DUK || 'duk'; return d.includes('/') ? fs.existsSync(d) : onPath(d); };
var haveChromium = () => fs.existsSync(process.env.TINYONNX_CHROMIUM || '/usr/bin/chromium');
var NEEDS: [string, string, () => boolean][] = [
  ['test/espruino.test.ts', 'duktape', haveDuk],
  ['test/int8-engines.test.ts', 'duktape', haveDuk],
  ['test/targets-kernels.test.ts', 'duktape', haveDuk],
  ['test/targets.test.ts', 'duktape', haveDuk],
  ['test/targets.test.ts', 'chromium', haveChromium],
];
var skipped: string[] = [];
if (process.env.TINYONNX_REQUIRE_ENGINES !== '1') {
  var missing: Record<string, string[]> = {};
  for (var [file, pkg, have] of NEEDS) if (!have()) (missing[file] = missing[file] || []).push(pkg);
  for (var f in missing) {
    skipped.push(f);
    // vitest evaluates this file more than once; say each skip once
    if (!process.env.TINYONNX_SKIPS_SAID) console.log(`skipped ${f}: needs ${missing[f].join(' and ')} (apt-get install ${missing[f].join(' ')})`);
  }
  process.env.TINYONNX_SKIPS_SAID = '1';
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...skipped],
    testTimeout: 60000,
    hookTimeout: 60000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/tmpSetup.ts'],
  },
});
