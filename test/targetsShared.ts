// Shared by the target tests: the agreement rule between engines, and the device APIs the
// harness engines do not have (Espruino's Storage in Duktape, qjs's std in quickjs-emscripten),
// written in ES5 from those APIs' documentation so the generated upload/example files and the
// glue run unchanged.

// Float: |a - n| <= 1e-6 |n| (or both NaN); integers: identical. n is Node's value.
export function agree(actual: ArrayLike<number>, node: ArrayLike<number>, float = true): { ok: boolean; msg: string; maxRel: number } {
  if (actual.length !== node.length) return { ok: false, msg: `length ${actual.length} vs ${node.length}`, maxRel: Infinity };
  var maxRel = 0;
  for (var i = 0; i < actual.length; i++) {
    var a = actual[i], n = node[i];
    if (a === n || (Number.isNaN(a) && Number.isNaN(n))) continue;
    var rel = Math.abs(a - n) / Math.abs(n);
    if (!(rel <= (float ? 1e-6 : 0))) return { ok: false, msg: `index ${i}: ${a} vs node ${n}`, maxRel: rel };
    if (rel > maxRel) maxRel = rel;
  }
  return { ok: true, msg: '', maxRel };
}

// Espruino's Storage, E.toArrayBuffer, atob and getTime for duk: the harness's own emulation.
export { ESPRUINO_EMULATION, ESPRUINO_LIMITS } from '../targets/engines/espruinoEmulation';

// qjs's std FILE API (std.open(name, mode, errorObj) → FILE or null; FILE.seek/tell/read/close;
// std.SEEK_SET/SEEK_END; std.strerror), over one host function that returns a file's bytes.
export var QJS_STD_EMULATION = `
var std = {
  SEEK_SET: 0, SEEK_CUR: 1, SEEK_END: 2,
  strerror: function (e) { return e === 2 ? 'No such file or directory' : 'error ' + e; },
  open: function (name, mode, err) {
    var buf = __hostReadFile(name);
    if (!buf) { if (err) err.errno = 2; return null; }
    var pos = 0;
    return {
      seek: function (off, whence) { pos = whence === 2 ? buf.byteLength + off : whence === 1 ? pos + off : off; return 0; },
      tell: function () { return pos; },
      read: function (ab, position, length) {
        var n = Math.min(length, buf.byteLength - pos);
        new Uint8Array(ab, position, n).set(new Uint8Array(buf, pos, n));
        pos += n;
        return n;
      },
      close: function () { return 0; }
    };
  }
};
`;
