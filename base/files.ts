// One file written through a temporary file renamed into place, so a reader never sees half of
// it; a filesystem error on the path is one line naming it (base/errors.ts).
import * as fs from 'fs';
import * as path from 'path';
import { fsError } from './errors';

export function writeAtomic(file: string, data: string | Uint8Array) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    var tmp = `${file}.tmp-${process.pid}`;
    try { fs.writeFileSync(tmp, data); fs.renameSync(tmp, file); }
    finally { fs.rmSync(tmp, { force: true }); }
  } catch (e) { fsError(e, file, 'write'); }
}
