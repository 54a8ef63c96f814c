// Writes a float32 .npy file (format 1.0), the calibration and sample files of the int8 tests
// and benchmarks.
import * as fs from 'fs';
import * as path from 'path';

export function writeNpy(file: string, shape: number[], data: ArrayLike<number>) {
  var h = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  var pad = (64 - ((10 + h.length + 1) % 64)) % 64;
  h += ' '.repeat(pad) + '\n';
  var head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1'); head[6] = 1; head[7] = 0; head.writeUInt16LE(h.length, 8);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(h, 'latin1'), Buffer.from(new Float32Array(data).buffer)]));
}
