// Runs the tinyonnx CLI as a user would, and checks the one-line user-error contract.
import { expect } from 'vitest';
import { spawnSync } from 'child_process';
import * as path from 'path';

var BIN = path.join(__dirname, '..', 'bin', 'tinyonnx.js');

export function cli(...args: string[]) {
  var r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

export function expectUserError(r: ReturnType<typeof cli>, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^tinyonnx: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
