// What makes Duktape stand in for Espruino: the device APIs the glue and the generated
// espruino-*.js files use, and Espruino's ArrayBuffer limits. ES5 source text, run before the
// bundle, written from Espruino's documentation and src/jsvar.h / src/jswrap_arraybuffer.c.

// Storage (write(name, data, offset, size) creates a `size`-byte file on its first write;
// read(name, offset, length) → string; readArrayBuffer → ArrayBuffer; erase), E.toArrayBuffer,
// atob and getTime. Strings stand for Espruino's memory-mapped flash strings; E.toArrayBuffer
// copies here where Espruino references the flash.
export var ESPRUINO_EMULATION = `
var __files = {};
function atob(s) { var p = Duktape.dec('base64', s), r = ''; for (var i = 0; i < p.length; i++) r += String.fromCharCode(p[i]); return r; }
function getTime() { return Date.now() / 1000; }
function __chars(f, off, len) {
  var parts = [], CH = 4096;
  for (var i = 0; i < len; i += CH) {
    var n = Math.min(CH, len - i), a = new Array(n);
    for (var k = 0; k < n; k++) a[k] = f[off + i + k];
    parts.push(String.fromCharCode.apply(null, a));
  }
  return parts.join('');
}
var E = {
  toArrayBuffer: function (s) {
    var u = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
    return u.buffer;
  }
};
function require(name) {
  if (name !== 'Storage') throw new Error('Module ' + name + ' not found');
  return {
    erase: function (n) { delete __files[n]; },
    write: function (n, data, offset, size) {
      if (n.length > 28) throw new Error('Storage: name too long');
      offset = offset || 0;
      if (!__files[n] || offset === 0) { __files[n] = new __RawU8(size || data.length); for (var k = 0; k < __files[n].length; k++) __files[n][k] = 255; }
      for (var i = 0; i < data.length; i++) __files[n][offset + i] = typeof data === 'string' ? data.charCodeAt(i) : data[i];
      return true;
    },
    read: function (n, offset, length) {
      var f = __files[n];
      if (!f) return undefined;
      offset = offset || 0;
      if (length === undefined || offset + length > f.length) length = f.length - offset;
      return __chars(f, offset, length);
    },
    readArrayBuffer: function (n) { var s = this.read(n); return s === undefined ? undefined : E.toArrayBuffer(s); }
  };
}
var __RawU8 = Uint8Array;
`;

// Espruino's views: byteOffset and length are 16-bit fields and `new ArrayBuffer(n)` takes at
// most 65535 bytes, so no ArrayBuffer a typed array or DataView sees may exceed 65535 bytes.
// The constructors are wrapped (same prototypes, so instanceof still holds) and throw, naming
// the limit, where Espruino would fail or silently truncate.
export var ESPRUINO_LIMITS = `
(function (g) {
  var MAX = 65535;
  function tooBig(what, n) { return new Error('Espruino limit: ' + what + ' of ' + n + ' bytes; Espruino views at most ' + MAX); }
  var AB = g.ArrayBuffer;
  g.ArrayBuffer = function ArrayBuffer(n) { if (n > MAX) throw tooBig('new ArrayBuffer', n); return new AB(n); };
  g.ArrayBuffer.prototype = AB.prototype;
  var names = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'DataView'];
  for (var i = 0; i < names.length; i++) (function (name) {
    var C = g[name];
    if (!C) return;
    var W = function (a, off, len) {
      var r = arguments.length < 2 ? new C(a) : arguments.length < 3 ? new C(a, off) : new C(a, off, len);
      if (r.buffer.byteLength > MAX) throw tooBig(name + ' over an ArrayBuffer', r.buffer.byteLength);
      return r;
    };
    W.prototype = C.prototype;
    if (C.BYTES_PER_ELEMENT) W.BYTES_PER_ELEMENT = C.BYTES_PER_ELEMENT;
    g[name] = W;
  })(names[i]);
})(this);
`;
