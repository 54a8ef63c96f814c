// vitest globalSetup: every temporary folder a test run makes (os.tmpdir() in the test workers)
// lives in one folder of its own, removed when the run ends, pass or fail; so does the cache of
// minified bundles (TINYONNX_BUNDLE_CACHE, targets/bundle.ts) unless the caller set one.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function setup() {
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-run-'));
  var before = process.env.TMPDIR, cache = process.env.TINYONNX_BUNDLE_CACHE;
  process.env.TMPDIR = dir;
  // minified bundles shared by every test file's builds (targets/bundle.ts); .ci/run sets its own
  // to share them with the size check too
  if (!cache) process.env.TINYONNX_BUNDLE_CACHE = path.join(dir, 'bundles');
  return () => {
    if (before === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = before;
    if (!cache) delete process.env.TINYONNX_BUNDLE_CACHE;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
