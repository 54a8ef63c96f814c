// load(bytes) → session; session.run(feeds) → outputs. Knows no particular kernel: the bundle
// hands createLoader the table of kernels its model needs.
//
// Memory: one ArrayBuffer arena, sized and laid out at build time (runtime-min never plans), or
// banks of Model.arena_bank bytes for engines that cap an ArrayBuffer (Espruino: 64 KB).
// Constants are typed-array views into the model bytes: no copy when the buffer is 16-aligned.
// An engine that cannot view a whole file (Espruino) passes its head and a MappedFile instead:
// each constant is then mapped on its own.
// Outputs are views into the arena (or the constants): valid until the next run() on the
// same session, which overwrites them; copy them if you keep them across runs.
import { readModel, ModelView, GraphView, TensorView } from './reader';
import { verifyModel } from './verify';
import { ARRAY_OF, DTYPE_NAME, bytesPer, sizeOf, TypedArray } from './dtype';
import { Prepare, Tensor, Node, Subgraph, Eval, graphRuns } from './kernels/contract';

export interface KernelTable { [key: string]: Prepare }   // 'domain:op', domain '' for ai.onnx

export interface IOInfo { name: string; dtype: string; shape: number[] }

// The model file when `bytes` is only its head (at least up to the constant data): `read`
// returns `length` bytes from `offset` as an ArrayBuffer of its own.
export interface MappedFile { size: number; read(offset: number, length: number): ArrayBuffer }

export interface Session {
  inputs: IOInfo[];
  outputs: IOInfo[];
  run(feeds: { [name: string]: ArrayLike<number> | string[] }): { [name: string]: TypedArray };   // string tensors: Array of strings
  reset(): void;   // zeroes the carried state (built with --state), as at load
  arenaBytes: number;
}

// A string tensor (dtype 8) is a plain Array of strings, outside the arena: a constant's are
// Tensor.strings (readModel checked their count), any other's is allocated here, once.
// `constant(t, bytes)` gives the ArrayBuffer and byte offset a constant's data starts at.
function makeTensor(t: TensorView, arena: ArrayBuffer[], bank: number, constant: (t: TensorView, bytes: number) => [ArrayBuffer, number]): Tensor {
  var Ctor = ARRAY_OF[t.dtype]!, n = sizeOf(t.shape), str = t.dtype == 8, at: [ArrayBuffer, number];
  if (!Ctor && !str) throw new Error('tensor \'' + t.name + '\' has element type ' + (DTYPE_NAME[t.dtype] || t.dtype) + ', which this runtime does not support');
  var data: any = str ? (t.kind == 1 ? t.strings : new Array(n)) : t.kind === 0 ? (bank ? new Ctor(arena[Math.floor(t.offset / bank)], t.offset % bank, n) : new Ctor(arena[0], t.offset, n)) :
    t.kind === 1 && n ? (at = constant(t, n * bytesPer(t.dtype)), new Ctor(at[0], at[1], n)) : new Ctor(0);
  return { dtype: t.dtype, shape: t.shape, data: data, quant: t.quant };
}

function alignedBuffer(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  var u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.byteOffset % 16 === 0) return u8;
  var copy = new Uint8Array(u8.length);   // e.g. a Node Buffer slice from the shared pool
  copy.set(u8);
  return copy;
}

export function createLoader(kernels: KernelTable) {
  return function load(bytes: Uint8Array | ArrayBuffer, file?: MappedFile): Session {
    var u8 = alignedBuffer(bytes);
    verifyModel(u8, file ? file.size : 0);   // before any view: a file that passes cannot make load or run fail unclearly
    var model: ModelView = readModel(u8, file ? file.size : 0);
    var opCodes = model.ops;   // kept after the rest of the description is dropped: run-time errors name the op
    var bank = model.arenaBank, arena: ArrayBuffer[] = [], left = model.arenaSize;
    do arena.push(new ArrayBuffer(bank && left > bank ? bank : left)); while (bank && (left -= bank) > 0);
    var dataStart = u8.byteOffset + model.dataOffset;
    var constant = function (t: TensorView, z: number): [ArrayBuffer, number] {
      return file ? [file.read(model.dataOffset + t.offset, z), 0] : [u8.buffer as ArrayBuffer, dataStart + t.offset];
    };
    var tensors: Tensor[] = [];
    for (var i = 0; i < model.tensors.length; i++) tensors.push(makeTensor(model.tensors[i], arena, bank, constant));

    function prepareGraph(g: GraphView): Eval[] {
      var evals: Eval[] = [], opOf = (evals as any).w = new Uint16Array(g.nodes.length);
      for (var n = 0; n < g.nodes.length; n++) {
        var nv = g.nodes[n], opc = model.ops[nv.op];
        var key = opc.domain + ':' + opc.op;
        var where = 'node \'' + nv.name + '\' (' + (opc.domain ? opc.domain + ':' : '') + opc.op + ')';
        var prepare = kernels[key];
        if (!prepare) throw new Error(where + ': this runtime bundle has no kernel for ' + key + '; rebuild the runtime for this model');
        var attrs: { [k: string]: any } = {};
        for (var a in nv.attrs) {
          var v = nv.attrs[a];
          attrs[a] = v && typeof v === 'object' && typeof v.tensor === 'number' ? tensors[v.tensor] : v;
        }
        var graphs: { [k: string]: Subgraph } = {};
        for (var gname in nv.graphs) {
          var gv = nv.graphs[gname];
          if (!(gv instanceof Array)) graphs[gname] = subgraph(gv);
        }
        var node: Node = {
          op: opc.op, name: nv.name, opset: opc.opset, attrs: attrs, graphs: graphs,
          inputs: pick(nv.inputs), outputs: pick(nv.outputs) as Tensor[],
        };
        g.nodes[n] = null as any;
        try {
          evals.push(prepare(node));
        } catch (e) {
          throw new Error(where + ': ' + said(e));
        }
        opOf[n] = nv.op;   // for run-time errors: the op, not the name (strings cost a board's variables)
        node.name = '';   // kept by the kernel's closure, needed only for prepare's errors
      }
      return evals;
    }
    function pick(idx: number[]): (Tensor | null)[] {
      var r: (Tensor | null)[] = [];
      for (var i = 0; i < idx.length; i++) r.push(idx[i] < 0 ? null : tensors[idx[i]]);
      return r;
    }
    function subgraph(g: GraphView): Subgraph {
      var evals = prepareGraph(g);
      return {
        inputs: pick(g.inputs) as Tensor[], outputs: pick(g.outputs) as Tensor[],
        run: function () { graphRuns[0]++; for (var i = 0; i < evals.length; i++) evals[i](); },
      };
    }

    var g = model.graph, st = carriedState(model, tensors), carried = st.carried, copies = st.copies, fed = st.fed;
    var info = function (idx: number[]): IOInfo[] {
      var r: IOInfo[] = [];
      for (var i = 0; i < idx.length; i++) {
        var t = model.tensors[idx[i]];
        r.push({ name: t.name, dtype: DTYPE_NAME[t.dtype], shape: t.shape.slice(0) });
      }
      return r;
    };
    var inputs = info(fed), outputs = info(g.outputs);
    var inTensors = pick(fed) as Tensor[];
    var result: { [name: string]: TypedArray } = {};
    for (var o = 0; o < outputs.length; o++) result[outputs[o].name] = tensors[model.graph.outputs[o]].data;
    // Espruino counts every object in RAM: each piece of the file's description goes once used
    model.tensors = null as any;
    var evals = prepareGraph(model.graph);

    function run(feeds: { [name: string]: ArrayLike<number> | string[] }) {
      if (!feeds || typeof feeds !== 'object') throw new Error('run: expected an object of inputs { name: TypedArray }');
      for (var k in feeds) {
        var known = false;
        for (var i = 0; i < inputs.length; i++) if (inputs[i].name === k) known = true;
        if (!known) throw new Error('run: unknown input \'' + k + '\'; the model\'s inputs are ' + names(inputs));
      }
      for (var i = 0; i < inputs.length; i++) {
        var t = inTensors[i], name = inputs[i].name, feed = feeds[name];
        if (feed === undefined || feed === null) throw new Error('run: missing input \'' + name + '\' (' + inputs[i].dtype + ' [' + inputs[i].shape + '])');
        var want = ARRAY_OF[t.dtype];   // undefined for strings: they come as an Array
        var isTyped = !(feed instanceof Array) && (feed as any).buffer instanceof ArrayBuffer;
        if (isTyped ? !(want && feed instanceof want) : !(feed instanceof Array))
          throw new Error('run: input \'' + name + '\' must be a ' + inputs[i].dtype + ' array (' + ctorName(t.data) + '), got ' + ctorName(feed));
        if (feed.length !== t.data.length)
          throw new Error('run: input \'' + name + '\' must have shape [' + inputs[i].shape + '] (' + t.data.length + ' elements), got ' + feed.length + ' elements');
        if (isTyped) t.data.set(feed as any);
        else for (var j = 0; j < feed.length; j++) (t.data as any)[j] = feed[j];
      }
      graphRuns[0]++;
      for (var e = 0; e < evals.length; e++) {
        try {
          evals[e]();
        } catch (x) {
          var oc = opCodes[(evals as any).w[e]];
          throw new Error('run: node ' + e + ' (' + (oc.domain ? oc.domain + ':' : '') + oc.op + '): ' + said(x));
        }
      }
      for (var c = 0; c < copies.length; c += 2) copies[c + 1].set(copies[c] as any);   // carried state
      return result;
    }
    function reset() {
      for (var k in carried) for (var j = 0; j < carried[k].length; j++) carried[k][j] = 0;
    }
    var session = { inputs: inputs, outputs: outputs, run: run, reset: reset, arenaBytes: model.arenaSize };
    // run() keeps this scope alive (Espruino keeps whole scopes): drop the rest of the description
    model = tensors = u8 = null as any;
    return session;
  };
}

// A kernel's own errors are plain Errors with a message for the user; an engine error
// (TypeError, RangeError...) means the node does not fit its kernel: a damaged file.
function said(e: any): string {
  return e && e.constructor === Error ? e.message : 'its inputs, outputs or attributes do not fit the kernel (corrupt model?)';
}

// Carried state (converter/state.ts): metadata 'state:OUT' = IN. IN leaves the feeds; OUT is
// copied into it after each run (copies: [from, to] pairs), unless the build planned both in
// one slot.
function carriedState(model: ModelView, tensors: Tensor[]) {
  var g = model.graph, carried: { [name: string]: TypedArray } = {}, copies: TypedArray[] = [], fed: number[] = [];
  for (var o = 0; o < g.outputs.length; o++) {
    var src = tensors[g.outputs[o]].data, into = model.metadata['state:' + model.tensors[g.outputs[o]].name];
    for (var i = 0; into && i < g.inputs.length; i++) if (model.tensors[g.inputs[i]].name == into) {
      var dst = carried[into] = tensors[g.inputs[i]].data;
      if (src.byteOffset != dst.byteOffset || src.buffer != dst.buffer) copies.push(src, dst);
    }
  }
  for (var f = 0; f < g.inputs.length; f++) if (!carried[model.tensors[g.inputs[f]].name]) fed.push(g.inputs[f]);
  return { carried: carried, copies: copies, fed: fed };
}

function names(l: IOInfo[]): string {
  var r: string[] = [];
  for (var i = 0; i < l.length; i++) r.push('\'' + l[i].name + '\'');
  return r.join(', ');
}

function ctorName(x: any): string {
  if (x instanceof Float32Array) return 'Float32Array';
  if (x instanceof Float64Array) return 'Float64Array';
  if (x instanceof Int32Array) return 'Int32Array';
  if (x instanceof Uint32Array) return 'Uint32Array';
  if (x instanceof Int16Array) return 'Int16Array';
  if (x instanceof Uint16Array) return 'Uint16Array';
  if (x instanceof Int8Array) return 'Int8Array';
  if (x instanceof Uint8Array) return 'Uint8Array';
  if (x instanceof Array) return 'Array';
  return typeof x;
}
