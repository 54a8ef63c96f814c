// QuickJS through quickjs-emscripten (the QuickJS engine compiled to WebAssembly), with a memory
// limit, a stack limit and a deadline.
//
// The memory limit: QuickJS's own JS_SetMemoryLimit is set, but in the emscripten build it only
// bounds a single allocation, never the total (malloc_usable_size is 0 there, so nothing
// accumulates; quickjs-emscripten issue #271). So the harness also enforces the total itself
// with QuickJS's own accounting (JS_ComputeMemoryUsage's memory_used_size): from the interrupt
// handler, which QuickJS calls every ~10k bytecode ticks, and at every host boundary. Going over
// fails with a clear 'out of memory' message naming the limit and the usage.
import { getQuickJS, shouldInterruptAfterDeadline, QuickJSContext, QuickJSRuntime, QuickJSHandle } from 'quickjs-emscripten';
import { DRIVER, Feeds, IOInfo, fromBytes, bytesOf } from './common';
import { TypedArray } from '../../device/dtype';

export class QuickJSOutOfMemory extends Error {
  constructor(message: string) { super(message); this.name = 'QuickJSOutOfMemory'; }
}

export interface QuickJSOptions { memoryLimit?: number; stackLimit?: number; timeoutMs?: number }

export class QuickJSVM {
  private deadline = Infinity;
  private over: number | null = null;   // usage seen over the limit by the interrupt handler
  peakUsed = 0;                          // the highest usage sampled

  private constructor(public rt: QuickJSRuntime, public vm: QuickJSContext, public opts: QuickJSOptions) {}

  static async create(opts: QuickJSOptions = {}): Promise<QuickJSVM> {
    var Q = await getQuickJS();
    var rt = Q.newRuntime();
    if (opts.memoryLimit) rt.setMemoryLimit(opts.memoryLimit);
    rt.setMaxStackSize(opts.stackLimit || 1 << 20);
    var vm = rt.newContext();
    var self = new QuickJSVM(rt, vm, opts);
    rt.setInterruptHandler(() => {
      if (Date.now() > self.deadline) return true;
      if (opts.memoryLimit) {
        var used = self.used();
        if (used > opts.memoryLimit) { self.over = used; return true; }
      }
      return false;
    });
    self.vm.unwrapResult(self.vm.evalCode(DRIVER, 'driver.js')).dispose();
    return self;
  }

  used(): number {
    var h = this.rt.computeMemoryUsage();
    try {
      var u = this.vm.dump(h).memory_used_size as number;
      if (u > this.peakUsed) this.peakUsed = u;
      return u;
    } finally { h.dispose(); }
  }

  private oom(used: number, what: string): never {
    throw new QuickJSOutOfMemory(`QuickJS ran out of memory ${what}: the runtime needs more than its limit of ${this.opts.memoryLimit} bytes (${used} bytes in use)`);
  }

  private checkMemory(what: string) {
    if (!this.opts.memoryLimit) return;
    var u = this.used();
    if (u > this.opts.memoryLimit) this.oom(u, what);
  }

  // Evaluates code (global script, or a module whose exports become globalThis[exportsAs]).
  eval(code: string, filename: string, what: string, opts: { module?: boolean; exportsAs?: string } = {}): void {
    var h = this.evalHandle(code, filename, what, opts.module);
    if (opts.exportsAs) this.vm.setProp(this.vm.global, opts.exportsAs, h);
    h.dispose();
  }

  evalHandle(code: string, filename: string, what: string, module = false): QuickJSHandle {
    this.deadline = Date.now() + (this.opts.timeoutMs || 600000);
    this.over = null;
    var r = this.vm.evalCode(code, filename, module ? { type: 'module' } : undefined);
    this.deadline = Infinity;
    if (r.error) {
      var e = this.vm.dump(r.error);
      r.error.dispose();
      var msg = e && e.message ? e.message : String(e);
      if (this.over !== null) this.oom(this.over, what);
      if (/out of memory/.test(msg)) this.oom(this.used(), what);
      if (/interrupted/.test(msg)) throw new Error(`QuickJS: timed out ${what} after ${this.opts.timeoutMs || 600000} ms`);
      var err = new Error(`QuickJS: ${e && e.name ? e.name + ': ' : ''}${msg} (${what})`);
      (err as any).engineStack = e && e.stack;
      throw err;
    }
    this.checkMemory(what);
    return r.value;
  }

  evalJSON(code: string, what: string): any {
    var h = this.evalHandle(`JSON.stringify(${code})`, 'eval.js', what);
    try { return JSON.parse(this.vm.getString(h)); } finally { h.dispose(); }
  }

  // Copies host bytes into the VM as globalThis[name] (an ArrayBuffer), within the limit.
  setBuffer(name: string, bytes: Uint8Array, what: string) {
    if (this.opts.memoryLimit) {
      var u = this.used();
      if (u + bytes.length > this.opts.memoryLimit) this.oom(u + bytes.length, what);
    }
    var copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    var h = this.vm.newArrayBuffer(copy.buffer);
    if (!h.value || this.vm.typeof(h) !== 'object') this.oom(this.used() + bytes.length, what);
    this.vm.setProp(this.vm.global, name, h);
    h.dispose();
    this.checkMemory(what);
  }

  getBuffer(code: string, what: string): Uint8Array {
    var h = this.evalHandle(code, 'eval.js', what);
    try {
      var l = this.vm.getArrayBuffer(h);
      try { return new Uint8Array(l.value); } finally { l.dispose(); }
    } finally { h.dispose(); }
  }

  memory(): Record<string, number> {
    var h = this.rt.computeMemoryUsage();
    try { return this.vm.dump(h); } finally { h.dispose(); }
  }

  dispose() {
    this.vm.dispose();
    this.rt.dispose();
  }
}

// Loads the bundle (a script defining tinyonnx, or an ES module) into a fresh VM as `tinyonnx`.
export async function quickjsWithBundle(code: string, file: string, opts: QuickJSOptions & { module?: boolean } = {}): Promise<QuickJSVM> {
  var q = await QuickJSVM.create(opts);
  try {
    if (opts.module) q.eval(code, file, `evaluating ${file}`, { module: true, exportsAs: 'tinyonnx' });
    else q.eval(code, file, `evaluating ${file}`);
    if (q.evalJSON('typeof tinyonnx === "object" && typeof tinyonnx.load', `checking ${file}`) !== 'function')
      throw new Error(`QuickJS: ${file} did not define tinyonnx.load`);
  } catch (e) {
    q.dispose();
    throw e;
  }
  return q;
}

// One model in a VM that holds a bundle: load → run → outputs (copies), with timing.
export function quickjsRun(q: QuickJSVM, tnx: Uint8Array, feeds: Feeds, inputs: IOInfo[], repeat: number) {
  q.setBuffer('__model', tnx, 'copying the model in');
  q.eval('var __session = tinyonnx.load(__model); var __feedBufs = {}, __dtypes = {};', 'load.js', 'loading the model');
  for (var name in feeds) {
    var info = inputs.find(i => i.name === name);
    q.setBuffer('__feed', bytesOf(feeds[name]), `copying input '${name}' in`);
    q.eval(`__feedBufs[${JSON.stringify(name)}] = __feed; __dtypes[${JSON.stringify(name)}] = ${JSON.stringify(info ? info.dtype : 'float32')};`, 'feeds.js', 'setting inputs');
  }
  q.eval('var __feeds = __tnxFeeds(__feedBufs, __dtypes); var __first = __tnxCopyOut(__session, __session.run(__feeds));', 'run.js', 'running the model');
  var t0 = process.hrtime.bigint();
  if (repeat > 0) q.eval(`for (var __r = 0; __r < ${repeat}; __r++) __session.run(__feeds);`, 'bench.js', 'running the model');
  var us = repeat > 0 ? Number(process.hrtime.bigint() - t0) / 1000 / repeat : NaN;
  var outputInfo: IOInfo[] = q.evalJSON('__session.outputs', 'reading outputs');
  var outputs: Record<string, TypedArray> = {};
  for (var o of outputInfo) outputs[o.name] = fromBytes(o.dtype, q.getBuffer(`__first[${JSON.stringify(o.name)}]`, 'reading outputs'));
  var memoryBytes = q.used();
  q.eval('__session = __feeds = __feedBufs = __first = __model = __feed = null;', 'free.js', 'freeing');
  return { outputs, outputInfo, usPerInference: us, memoryBytes };
}
