// The WebAssembly compute core of the node and webview bundles. The bundle's entry calls
// installCore with the module bytes (base64, only the routines its kernels use); kernels in this
// folder ask core() at prepare and fall back to the JS kernels when it is null: no WebAssembly,
// no SIMD (the module itself is the probe: WebAssembly.validate rejects it without SIMD), or a
// bundle built with --wasm off, which never imports this folder.
//
// Memory never grows: growing detaches the old ArrayBuffer, and in V8 one detached buffer makes
// every typed-array access in the process check for detachment from then on (the JS kernels ran
// up to 16x slower). So prepare only reserves space (a bump allocator) and records the constants
// to copy; the first eval opens the space: one instance over a memory of exactly that size, the
// constants copied in. A later load gets a fresh space (and instance). Eval allocates nothing.
declare var WebAssembly: any;

export interface Space { top: number; pending: [number, ArrayLike<number>][]; exp: any; heap: Float32Array | null }

var mod: any = null, space: Space = fresh(), exported: { [name: string]: boolean } = {};

function fresh(): Space { return { top: 16, pending: [], exp: null, heap: null }; }

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decode(s: string): Uint8Array {
  var out = new Uint8Array((s.length * 3) >> 2), bits = 0, acc = 0, o = 0;
  for (var i = 0; i < s.length; i++) {
    var v = B64.indexOf(s.charAt(i));
    if (v < 0) continue;
    acc = (acc << 6) | v; bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 255; }
  }
  return o === out.length ? out : out.subarray(0, o);
}

export function installCore(base64: string): void {
  try {
    if (typeof WebAssembly !== 'object') return;
    var bytes = decode(base64);
    if (WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
    exported = {};
    if (mod) WebAssembly.Module.exports(mod).forEach(function (e: { name: string }) { exported[e.name] = true; });
  } catch (e) { mod = null; }
}

// True when the installed core exports this routine: the build assembles only what its model's
// nodes use, and a runtime may be handed another model (a kernel then falls back to JS).
export function has(name: string): boolean { return !!mod && exported[name] === true; }

// The space this load's kernels reserve in, or null where the JS kernels must run.
export function core(): Space | null {
  if (!mod) return null;
  if (space.exp) space = fresh();
  return space;
}

// Reserves n floats (16-byte aligned), to hold `data` (copied when the space opens) or zeros.
export function place(sp: Space, data: ArrayLike<number> | null, n: number): number {
  var at = sp.top;
  sp.top = (at + n * 4 + 15) & ~15;
  if (data) sp.pending.push([at, data]);
  return at;
}

// The module's exports (gemm, ...) over the space's memory, made at the first eval.
export function open(sp: Space): any {
  if (sp.exp) return sp.exp;
  var mem = new WebAssembly.Memory({ initial: Math.ceil(sp.top / 65536) || 1 });
  sp.exp = new WebAssembly.Instance(mod, { m: { mem: mem } }).exports;
  sp.heap = new Float32Array(mem.buffer);
  for (var i = 0; i < sp.pending.length; i++) sp.heap.set(sp.pending[i][1] as any, sp.pending[i][0] >> 2);
  sp.pending = [];
  return sp.exp;
}

// A getter of the n floats at byte offset `at` as one view (made once, after the space opens).
export function region(sp: Space, at: number, n: number): () => Float32Array {
  var v: Float32Array | null = null;
  return function () { return v || (v = new Float32Array(sp.heap!.buffer, at, n)); };
}

// True when a tensor is a model constant, not an activation: activations (inputs included) are
// views of the one arena ArrayBuffer the output also views, constants of the model bytes.
export function isConstant(t: { data: { buffer: any } }, output: { data: { buffer: any } }): boolean {
  return t.data.buffer !== output.data.buffer;
}
