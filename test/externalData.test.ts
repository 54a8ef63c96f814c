// External data (converter/readOnnx.ts): only regular files inside the model's folder, symlinks
// resolved; offsets and lengths checked against the file; never a hang, never bytes from
// outside. Each model is written here, beside real files, symlinks and a FIFO.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { makeModel } from './onnxBuilder';
import { readOnnx } from '../converter/readOnnx';
import { UserError } from '../base/errors';

let dir = '', outside = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-ext-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-ext-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.bin'), Buffer.from(new Float32Array([7, 7, 7, 7]).buffer));
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(new Float32Array([1, 2, 3, 4]).buffer));
  fs.symlinkSync(path.join(outside, 'secret.bin'), path.join(dir, 'link-file.bin'));
  fs.symlinkSync(outside, path.join(dir, 'link-dir'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.bin'));
  fs.symlinkSync('weights.bin', path.join(dir, 'inside-link.bin'));
  fs.mkdirSync(path.join(dir, 'folder'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.bin')]);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

function model(external: Record<string, any>, name = 'w') {
  const f = path.join(dir, 'm' + Math.random().toString(36).slice(2) + '.onnx');
  fs.writeFileSync(f, makeModel({
    nodes: [{ op: 'Add', inputs: ['x', name], outputs: ['y'] }], inputs: [{ name: 'x', dims: [4] }], outputs: [{ name: 'y', dims: [4] }],
    inits: [{ name, dims: [4], external: external as any }],
  }));
  return f;
}

function refused(f: string, what: RegExp) {
  let err: any = null;
  try { readOnnx(f); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(UserError);
  expect(err.message).toMatch(what);
  expect(err.message).not.toMatch(/\n/);
}

describe('external data', () => {
  it('reads a side file inside the folder, also through a symlink that stays inside', () => {
    for (const location of ['weights.bin', 'inside-link.bin']) {
      const g = readOnnx(model({ location, offset: 0, length: 16 })).graph;
      expect(Array.from(g.values.get('w')!.data!)).toEqual([1, 2, 3, 4]);
    }
  });

  it('symlinks to a file or a folder outside are refused', () => {
    refused(model({ location: 'link-file.bin' }), /tensor 'w' external data location 'link-file.bin' is outside the model's folder; refused/);
    refused(model({ location: 'link-dir/secret.bin' }), /outside the model's folder/);
    refused(model({ location: '../' + path.basename(outside) + '/secret.bin' }), /outside the model's folder/);
    refused(model({ location: '/etc/passwd' }), /outside the model's folder/);
  });

  it('FIFOs, /dev/zero and folders are refused without reading (no hang)', () => {
    refused(model({ location: 'fifo.bin' }), /'fifo.bin' is not a regular file/);
    refused(model({ location: 'zero.bin' }), /outside the model's folder|not a regular file/);
    refused(model({ location: 'folder' }), /'folder' is not a regular file/);
    refused(model({ location: '.' }), /outside the model's folder|not a regular file/);
  });

  it('negative, non-numeric and past-the-end offsets and lengths are refused', () => {
    refused(model({ location: 'weights.bin', offset: -8, length: 16 }), /external data offset '-8' is not a non-negative integer/);
    refused(model({ location: 'weights.bin', offset: 0, length: -4 }), /external data length '-4' is not a non-negative integer/);
    refused(model({ location: 'weights.bin', offset: '1e3' }), /offset '1e3' is not a non-negative integer/);
    refused(model({ location: 'weights.bin', offset: 32 }), /offset 32 is past the end of 'weights.bin' \(16 bytes\)/);
    refused(model({ location: 'weights.bin', offset: 8, length: 16 }), /\(16 bytes\) is shorter than offset 8 \+ length 16/);
    refused(model({ location: 'weights.bin', offset: 0, length: 8 }), /holds 8 bytes, but its shape \[4\] needs 16/);
  });

  it('names with newlines stay on one line', () => {
    refused(model({ location: 'no\nsuch.bin' }, 'w\nx'), /tensor 'w\\nx' external data file 'no\\nsuch.bin' not found/);
  });

  it('initializer dims negative or too large are refused before any allocation', () => {
    const f = path.join(dir, 'dims.onnx');
    for (const dims of [[-1, 4], [1 << 20, 1 << 20]]) {
      fs.writeFileSync(f, makeModel({
        nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [{ name: 'x', dims: [4] }], outputs: [{ name: 'y', dims: [4] }],
        inits: [{ name: 'w', dims, floats: [1, 2, 3, 4] }],
      }));
      refused(f, /tensor 'w' has shape \[.*\]: dims must be non-negative and hold at most 268435456 elements/);
    }
  });

  it('a model path that is a folder is one clear line', () => {
    refused(dir, /not a regular file/);
  });
});
