// Espruino I/O glue: tinyonnx.loadFile(name) maps a model uploaded to Storage (flash), so the
// weights stay in flash and only the arena takes RAM. Espruino views at most 65535 bytes of an
// ArrayBuffer (16-bit byteOffset and length in src/jsvar.h), so the file is not viewed whole:
// the head (the graph, up to the constant data) and then each constant are mapped on their own,
// with require("Storage").read(name, offset, length), a memory-mapped string, and
// E.toArrayBuffer, which references that string without copying. The build keeps every piece
// within 65535 bytes (targets/espruinoFit.ts). Device code: ES5, compiled by tsconfig.device.json.
import { Session, MappedFile } from '../runtime';

declare var require: (module: string) => any;
declare var E: { toArrayBuffer(s: string): ArrayBuffer };

var MAX_VIEW = 65535;

export function makeLoadFile(load: (bytes: ArrayBuffer, file?: MappedFile) => Session) {
  return function loadFile(name: string): Session {
    if (typeof name !== 'string' || !name.length || name.length > 28)
      throw new Error('loadFile: a Storage file name has 1 to 28 characters, got \'' + name + '\'');
    var storage = require('Storage'), whole = storage.read(name);
    if (whole === undefined) throw new Error('loadFile: no file \'' + name + '\' in Storage; upload it first (espruino-upload.js)');
    var size = whole.length;
    var head = E.toArrayBuffer(storage.read(name, 0, size < MAX_VIEW ? size : MAX_VIEW));
    return load(head, {
      size: size,
      read: function (offset: number, length: number) { return E.toArrayBuffer(storage.read(name, offset, length)); },
    });
  };
}
