// Runs a built runtime's load(model.tnx) in a fresh Node vm context whose ArrayBuffer and typed
// array constructors count what they allocate, so the report knows exactly how many bytes of
// binary data a loaded session holds: the arena, plus whatever kernels allocate while preparing
// (tables, packed weights, scratch). Views over existing buffers (constants read in place from
// the model bytes, arena views) allocate nothing and are not counted. The model bytes are handed
// over 16-aligned, as a device should, so the loader's alignment copy does not happen.
// Scratch a kernel allocates while preparing and drops is not held: a full GC after load tells
// allocated from retained. Deterministic: same bundle and model, same figures.
import * as vm from 'vm';
import * as v8 from 'v8';

export interface LoadProbe {
  allocated: number;         // bytes of binary data load() allocated: new ArrayBuffer(n), typed arrays
                             // that own a new buffer (new Float32Array(n), copies); the arena is one
  retained: number;          // of those, bytes still reachable once load() returned (after a full GC)
  retainedMeasured: boolean; // false: no GC available here, retained = allocated (an upper bound)
  allocations: number;       // how many allocations
  sessionArena: number;      // session.arenaBytes as the runtime reports it
}

var CTORS = ['Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array'];

var PRELUDE = `(function (track) {
  var g = globalThis;
  var st = { on: false, arrayBuffers: 0, typedArrays: 0, allocations: 0 };
  var tag = Object.prototype.toString;
  function wrap(name, isBuffer) {
    var Base = g[name];
    g[name] = new Proxy(Base, { construct: function (target, args, newTarget) {
      var r = Reflect.construct(target, args, newTarget);
      if (st.on) {
        if (isBuffer) { st.arrayBuffers += r.byteLength; st.allocations++; track(r, r.byteLength); }
        else if (tag.call(args[0]) !== '[object ArrayBuffer]') { st.typedArrays += r.byteLength; st.allocations++; track(r.buffer, r.byteLength); }
      }
      return r;
    } });
  }
  wrap('ArrayBuffer', true);
  ${JSON.stringify(CTORS)}.forEach(function (n) { wrap(n, false); });
  return st;
})`;

var gcFn: (() => void) | null | undefined;
/** A full garbage collection, or null when this process cannot trigger one. */
function gc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  try {
    if (typeof (globalThis as any).gc !== 'function') v8.setFlagsFromString('--expose-gc');
    var f = (globalThis as any).gc || vm.runInNewContext('gc');
    gcFn = typeof f === 'function' ? f : null;
  } catch (e) { gcFn = null; }
  return gcFn!;
}

/**
 * Load `tnx` with the runtime in `code` ('cjs' sets exports.load; 'iife' defines a global
 * `tinyonnx` with .load). Throws what load throws.
 */
export async function probeLoad(code: string, format: 'cjs' | 'iife', tnx: Uint8Array): Promise<LoadProbe> {
  var ctx = vm.createContext({});
  var tracked: { ref: WeakRef<object>; bytes: number }[] = [];
  var st = vm.runInContext(PRELUDE, ctx)((o: object, bytes: number) => { tracked.push({ ref: new WeakRef(o), bytes }); });
  var load: any;
  if (format === 'cjs') {
    var fn = vm.runInContext(`(function (exports, module, require) {\n${code}\n})`, ctx, { filename: 'runtime.cjs' });
    var mod = vm.runInContext('({ exports: {} })', ctx);
    fn(mod.exports, mod, () => { throw new Error('the runtime bundle must not require modules'); });
    load = mod.exports.load;
  } else {
    vm.runInContext(code, ctx, { filename: 'runtime.js' });
    load = vm.runInContext('typeof tinyonnx === "object" && tinyonnx ? tinyonnx.load : undefined', ctx);
  }
  if (typeof load !== 'function') throw new Error('the runtime bundle exports no load()');
  // the model bytes, copied in before counting starts, in an ArrayBuffer of the sandbox's realm
  var bytes = vm.runInContext(`new Uint8Array(${tnx.length})`, ctx);
  bytes.set(tnx);
  st.on = true;
  var session = load(bytes);
  st.on = false;
  var allocated = st.arrayBuffers + st.typedArrays, retained = allocated, measured = false;
  var collect = gc();
  if (collect) {
    // WeakRefs made during a job keep their targets alive until it ends: let it end, collect, count.
    await new Promise(r => setImmediate(r));
    collect();
    retained = 0;
    for (var t of tracked) if (t.ref.deref() !== undefined) retained += t.bytes;
    measured = true;
  }
  var arena = session.arenaBytes;
  return { allocated, retained, retainedMeasured: measured, allocations: st.allocations, sessionArena: arena };
}
