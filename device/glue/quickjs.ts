// QuickJS I/O glue: tinyonnx.loadFile(path) reads a model file with QuickJS's std module, under
// `qjs --std` (std is a global there) or given std explicitly: loadFile(path, std) after
// `import * as std from 'std'`. Hosts that embed QuickJS pass an ArrayBuffer to load() instead.
import { Session } from '../runtime';

declare var std: any;

export function makeLoadFile(load: (bytes: ArrayBuffer) => Session) {
  return function loadFile(path: string, stdModule?: any): Session {
    var s = stdModule || (typeof std !== 'undefined' ? std : null);
    if (!s || typeof s.open !== 'function')
      throw new Error('loadFile: needs QuickJS\'s std module: run under qjs --std, or pass it: loadFile(path, std)');
    var err: { errno?: number } = {};
    var f = s.open(path, 'rb', err);
    if (!f) throw new Error('loadFile: cannot open \'' + path + '\': ' + (s.strerror ? s.strerror(err.errno) : 'errno ' + err.errno));
    var buf: ArrayBuffer, n: number;
    try {
      f.seek(0, s.SEEK_END);
      n = Number(f.tell());
      f.seek(0, s.SEEK_SET);
      buf = new ArrayBuffer(n);
      var got = f.read(buf, 0, n);
      if (got !== n) throw new Error('loadFile: read ' + got + ' of ' + n + ' bytes of \'' + path + '\'');
    } finally {
      f.close();
    }
    return load(buf);
  };
}
