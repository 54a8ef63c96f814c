// Espruino I/O glue: tinyonnx.loadFile(name) maps a model uploaded to Storage (flash) with
// require("Storage").readArrayBuffer, so the weights stay in flash: the constants are views into
// it and only the arena takes RAM. Device code: ES5, compiled by tsconfig.device.json.
import { Session } from '../../runtime-min/session';

declare var require: (module: string) => any;

export function makeLoadFile(load: (bytes: ArrayBuffer) => Session) {
  return function loadFile(name: string): Session {
    if (typeof name !== 'string' || !name.length || name.length > 28)
      throw new Error('loadFile: a Storage file name has 1 to 28 characters, got \'' + name + '\'');
    var buf = require('Storage').readArrayBuffer(name);
    if (!buf) throw new Error('loadFile: no file \'' + name + '\' in Storage; upload it first (espruino-upload.js)');
    return load(buf);
  };
}
