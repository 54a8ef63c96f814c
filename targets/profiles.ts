// Per-target profiles: syntax level, module formats, minifier settings, I/O glue, and what the
// static check (targets/check.ts) rejects in a bundle for the target.
export type TargetName = 'node' | 'webview' | 'quickjs' | 'espruino';
export interface OutputSpec { file: string; format: 'cjs' | 'es' | 'iife' }

// Functions a target's bundle exports next to `load`: name → export of a device module in
// device/glue/ (compiled to dist/device/device/glue/) that takes `load` and returns the function.
export interface Glue { module: string; exports: Record<string, string> }

// Constructs the target's engine lacks. The check parses at ecmaVersion (so newer syntax is
// rejected by the parser) and then rejects, outside any local binding of the same name:
export interface Forbidden {
  globals: string[];          // global names read: 'Map', 'TextDecoder'
  members: string[];          // 'Math.fround', 'Number.EPSILON', 'Float32Array.from'; '.flat': that member of anything
  sliceCalls: boolean;        // `.slice(` unless proven on an Array or string (targets/proof.ts)
  lengthAssign: boolean;      // `x.length = ...` (and ++/--/op=)
  labels: boolean;            // labelled statements, break/continue to a label
  varBeforeDeclaration?: boolean;  // a `var`'s name used where no statement declaring it has surely run (Espruino does not hoist)
  bareFunctionInFor?: boolean;     // `for(function(){}(),...;` without parentheses (Espruino expects a declaration there)
}

export interface Profile {
  name: TargetName;
  ecmaVersion: 5 | 2017 | 2020;   // the syntax the bundle may use (and the static check parses with)
  outputs: OutputSpec[];
  terser: { ecma: 5 | 2017 | 2020; compress: Record<string, any>; format: Record<string, any>; safari10?: boolean };
  glue: Glue | null;
  forbid: Forbidden;
  wasm: boolean;                  // may carry the WebAssembly core (device/wasm/), with the JS kernels as fallback
  maxView?: number;               // the most bytes the engine views of one ArrayBuffer (converter/passes/splitWide.ts)
  natives?: boolean;              // the engine may have Espruino's E.convolve: the bundle carries device/kernels/nn/nativeDot.ts
}

var TYPED = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'];

// Espruino: ES5 plus typed arrays, and less: no ES2015 Math/Number additions, no Array.from /
// TypedArray.from/of, no Map/Set/Symbol/Proxy/Reflect/BigInt/TextDecoder (Number.EPSILON and the
// like are silently undefined there, so a miss would be a wrong result, not an error).
var ES2015_MATH = ['fround', 'imul', 'trunc', 'sign', 'log2', 'log10', 'log1p', 'expm1', 'cbrt', 'hypot',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'clz32'];
var ES2015_NUMBER = ['EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'isInteger', 'isSafeInteger', 'isFinite', 'isNaN', 'parseFloat', 'parseInt'];
var ESPRUINO_FORBID: Forbidden = {
  globals: ['Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Symbol', 'Proxy', 'Reflect', 'BigInt', 'BigInt64Array', 'BigUint64Array',
    'TextDecoder', 'TextEncoder', 'Intl', 'globalThis', 'SharedArrayBuffer', 'Atomics'],
  members: [
    ...ES2015_MATH.map(m => 'Math.' + m),
    ...ES2015_NUMBER.map(m => 'Number.' + m),
    'Array.from', 'Array.of',
    ...TYPED.map(t => t + '.from'), ...TYPED.map(t => t + '.of'),
    'ArrayBuffer.isView',
    '.BYTES_PER_ELEMENT',   // on neither the typed-array constructors nor their instances (device/dtype.ts bytesPer)
  ],
  sliceCalls: true, lengthAssign: true, labels: true, varBeforeDeclaration: true, bareFunctionInFor: true,
};

// QuickJS has all of ES2020 but no TextDecoder/TextEncoder (nor any web API).
var QUICKJS_FORBID: Forbidden = {
  globals: ['TextDecoder', 'TextEncoder', 'fetch', 'atob', 'btoa', 'performance', 'window', 'document', 'process', 'Buffer'],
  members: [], sliceCalls: false, lengthAssign: false, labels: false,
};

// A 2017 WebView (iOS 10.3 / Chrome 58 class): no ES2018+ library either.
var WEBVIEW_FORBID: Forbidden = {
  globals: ['BigInt', 'BigInt64Array', 'BigUint64Array', 'globalThis', 'WeakRef', 'FinalizationRegistry', 'AggregateError', 'process', 'Buffer'],
  members: ['Object.fromEntries', 'Promise.allSettled', 'Promise.any', '.flat', '.flatMap'],
  sliceCalls: false, lengthAssign: false, labels: false,
};

var NODE_FORBID: Forbidden = { globals: [], members: [], sliceCalls: false, lengthAssign: false, labels: false };

export var PROFILES: Record<TargetName, Profile> = {
  node: {
    name: 'node', ecmaVersion: 2020,
    outputs: [{ file: 'runtime.cjs', format: 'cjs' }, { file: 'runtime.mjs', format: 'es' }],
    terser: { ecma: 2020, compress: { passes: 2 }, format: { comments: false } },
    glue: null, forbid: NODE_FORBID, wasm: true,
  },
  webview: {
    name: 'webview', ecmaVersion: 2017,
    outputs: [{ file: 'runtime.mjs', format: 'es' }, { file: 'runtime.js', format: 'iife' }],
    // safari10: works around Safari 10/11 bugs (loop scoping, `await` names) old iOS WebViews have.
    terser: { ecma: 2017, compress: { passes: 2 }, format: { comments: false }, safari10: true },
    glue: { module: 'device/glue/webview', exports: { loadUrl: 'makeLoadUrl' } },
    forbid: WEBVIEW_FORBID, wasm: true,
  },
  quickjs: {
    name: 'quickjs', ecmaVersion: 2020,
    outputs: [{ file: 'runtime.mjs', format: 'es' }, { file: 'runtime.js', format: 'iife' }],
    terser: { ecma: 2020, compress: { passes: 2 }, format: { comments: false } },
    glue: { module: 'device/glue/quickjs', exports: { loadFile: 'makeLoadFile' } },
    forbid: QUICKJS_FORBID, wasm: false,
  },
  espruino: {
    name: 'espruino', ecmaVersion: 5,
    outputs: [{ file: 'runtime.js', format: 'iife' }],
    // ascii_only: Espruino stores strings as bytes; escapes keep every literal exact.
    // hoist_vars: Espruino does not hoist `var` (a variable exists from when its statement runs), so
    // each function declares all its vars at its top; the check rejects any use before a declaration.
    // wrap_iife: Espruino parses `function` at the start of a `for(` head as a declaration ("Got '('
    // expected ID"), and Terser puts inlined single-use functions there; parenthesized they parse.
    // sequences off: Terser would join a loop body's statements into one comma expression, whose
    // temporaries Duktape keeps until the expression ends; gemm's unrolled tiles then run out of
    // directly addressable registers (embedding_model about 1.3x slower in Duktape; ~1% more gzip).
    terser: { ecma: 5, compress: { passes: 2, hoist_vars: true, reduce_funcs: false, sequences: false }, format: { comments: false, ascii_only: true, wrap_iife: true } },
    glue: { module: 'device/glue/espruino', exports: { loadFile: 'makeLoadFile' } },
    forbid: ESPRUINO_FORBID, wasm: false,
    maxView: 65535,   // 16-bit byteOffset and length of a view (Espruino src/jsvar.h)
    natives: true,
  },
};

export function profileOf(name: string): Profile {
  var p = (PROFILES as any)[name];
  if (!p) throw new Error(`unknown target '${name}'`);
  return p;
}
