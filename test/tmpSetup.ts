// vitest globalSetup: every temporary folder a test run makes (os.tmpdir() in the test workers)
// lives in one folder of its own, removed when the run ends, pass or fail.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function setup() {
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-run-'));
  var before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
