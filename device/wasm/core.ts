// The WebAssembly compute core of the node and webview bundles. The bundle's entry calls
// installCore with the module bytes (base64, only the routines its kernels use); kernels in this
// folder ask core() at prepare and fall back to the JS kernels when it is null: no WebAssembly,
// no SIMD (the module itself is the probe: WebAssembly.validate rejects it without SIMD), or a
// bundle built with --wasm off, which never imports this folder.
// Memory: one bump allocator over the module's memory. Operands are placed at prepare (constants
// copied once), memory grows only then, so eval allocates nothing; views are re-made when a grow
// has detached them. Space is never freed: each load() of a model adds its operands.
declare var WebAssembly: any;

var exp: any = null, top = 16, heap = new Float32Array(0);

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
    if (!WebAssembly.validate(bytes)) return;
    exp = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  } catch (e) { exp = null; }
}

// The module's exports (gemm, mem, ...), or null where the JS kernels must run.
export function core(): any { return exp; }

// Reserves n floats (16-byte aligned) and returns their byte offset; grows the memory if needed.
export function alloc(n: number): number {
  var at = top, mem = exp.mem, need = at + n * 4 + 16 - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
  top = (at + n * 4 + 15) & ~15;
  return at;
}

// A Float32Array over the whole memory (the current one: re-made after a grow).
export function heapF32(): Float32Array {
  if (heap.buffer !== exp.mem.buffer) heap = new Float32Array(exp.mem.buffer);
  return heap;
}

// A getter of the n floats at byte offset `at` as one view, re-made only after a grow.
export function region(at: number, n: number): () => Float32Array {
  var v = new Float32Array(0);
  return function () {
    if (v.length !== n) v = new Float32Array(exp.mem.buffer, at, n);
    return v;
  };
}

// Places a constant (or zeros) at prepare; returns its byte offset.
export function place(data: ArrayLike<number> | null, n: number): number {
  var at = alloc(n);
  if (data) heapF32().set(data as any, at >> 2);
  return at;
}

// True when a tensor is a model constant, not an activation: activations (inputs included) are
// views of the one arena ArrayBuffer the output also views, constants of the model bytes.
export function isConstant(t: { data: { buffer: any } }, output: { data: { buffer: any } }): boolean {
  return t.data.buffer !== output.data.buffer;
}
