// --emit-qdq: the quantized graph (QDQ form, before fusion into int8 kernels) as a standard ONNX
// model, so any ONNX runtime can check it. Written from the converted IR: shapes are the pinned
// ones, folded values are initializers. The IR narrows int64 to int32; tensors the source
// model declared int64 (and constant shape/axes inputs of ops that require int64) are written
// back as int64.
import * as fs from 'fs';
import { protoType } from '../../readOnnx';
import { Attr, Graph, Model, Node } from '../../ir';
import { userError } from '../../../base/errors';
import * as D from '../../../device/dtype';

var type = protoType;   // the schema readOnnx loads

// Inputs that ONNX types as int64 only (op → input indices).
var INT64_INPUTS: Record<string, number[]> = {
  Reshape: [1], Expand: [1], Tile: [1], Unsqueeze: [1], Squeeze: [1], Slice: [1, 2, 3, 4], Pad: [1], ConstantOfShape: [0],
  ReduceSum: [1], ReduceMean: [1], ReduceMax: [1], ReduceMin: [1], ReduceProd: [1], ReduceL1: [1], ReduceL2: [1],
  ReduceLogSum: [1], ReduceLogSumExp: [1], ReduceSumSquare: [1], TopK: [1], Split: [1], Resize: [3], Upsample: [],
  OneHot: [], CenterCropPad: [1], Col2Im: [1, 2],
};

var ATTR_CODE: Record<string, number> = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7, strings: 8, tensors: 9, graphs: 10 };

// Element types the source file declares, by tensor name.
function sourceTypes(file: string): Map<string, number> {
  var m = new Map<string, number>();
  if (!fs.existsSync(file)) return m;
  var walk = (g: any) => {
    for (var t of g.initializer || []) m.set(t.name, t.dataType | 0);
    for (var vi of [...(g.valueInfo || []), ...(g.input || []), ...(g.output || [])])
      if (vi.type && vi.type.tensorType) m.set(vi.name, vi.type.tensorType.elemType | 0);
    for (var n of g.node || []) {
      if (n.opType === 'Constant') for (var a of n.attribute || []) if (a.name === 'value' && a.t) for (var o of n.output || []) m.set(o, a.t.dataType | 0);
      for (var a of n.attribute || []) { if (a.g) walk(a.g); for (var sg of a.graphs || []) walk(sg); }
    }
  };
  try { walk((type('ModelProto').decode(fs.readFileSync(file)) as any).graph || {}); } catch (e) { /* not ONNX: no hints */ }
  return m;
}

function tensorProto(name: string, dtype: number, shape: number[], data: ArrayLike<number>, where: string): any {
  var n = data.length, buf: Buffer, dv: DataView;
  var make = (size: number) => { buf = Buffer.alloc(n * size); dv = new DataView(buf.buffer, buf.byteOffset, buf.length); };
  switch (dtype) {
    case D.FLOAT: make(4); for (var i = 0; i < n; i++) dv!.setFloat32(i * 4, data[i], true); break;
    case D.DOUBLE: make(8); for (var i = 0; i < n; i++) dv!.setFloat64(i * 8, data[i], true); break;
    case D.INT64: make(8); for (var i = 0; i < n; i++) dv!.setBigInt64(i * 8, BigInt(data[i]), true); break;
    case D.INT32: make(4); for (var i = 0; i < n; i++) dv!.setInt32(i * 4, data[i], true); break;
    case D.UINT32: make(4); for (var i = 0; i < n; i++) dv!.setUint32(i * 4, data[i], true); break;
    case D.INT16: make(2); for (var i = 0; i < n; i++) dv!.setInt16(i * 2, data[i], true); break;
    case D.UINT16: make(2); for (var i = 0; i < n; i++) dv!.setUint16(i * 2, data[i], true); break;
    case D.INT8: make(1); for (var i = 0; i < n; i++) dv!.setInt8(i, data[i]); break;
    case D.UINT8: case D.BOOL: make(1); for (var i = 0; i < n; i++) dv!.setUint8(i, data[i]); break;
    default: userError(`${where}: tensor '${name}' has element type ${D.DTYPE_NAME[dtype] || dtype}, which --emit-qdq cannot write`);
  }
  return { name, dims: shape, dataType: dtype, rawData: buf! };
}

export function qdqOnnx(model: Model): Uint8Array {
  var src = sourceTypes(model.file), where = model.file, raised = false;
  // int32 tensors to write as int64
  var wide = new Set<string>();
  var mark = (g: Graph) => {
    for (var [name, v] of g.values) if (v.dtype === D.INT32 && (src.get(name) === D.INT64 || model.ioDtypes[name] === D.INT64)) wide.add(name);
    for (var n of g.nodes) {
      if (n.domain === '' && INT64_INPUTS[n.op]) for (var i of INT64_INPUTS[n.op]) if (n.inputs[i]) {
        var iv = g.values.get(n.inputs[i]);
        if (iv && iv.dtype === D.INT32) wide.add(n.inputs[i]);
      }
      for (var a in n.attrs) { var at = n.attrs[a]; if (at.type === 'graph') mark(at.value); }
    }
  };
  mark(model.graph);
  var elemType = (name: string, dtype: number) => (dtype === D.INT32 && wide.has(name) ? D.INT64 : dtype === D.UINT32 && src.get(name) === D.UINT64 ? D.UINT64 : dtype);

  var valueInfo = (g: Graph, name: string) => {
    var v = g.values.get(name);
    if (!v) userError(`${where}: value '${name}' has no type`);
    var dt = model.ioDtypes[name] !== undefined ? model.ioDtypes[name] : elemType(name, v.dtype);
    return { name, type: { tensorType: { elemType: dt, shape: { dim: (v.shape || []).map(d => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
  };
  var attr = (name: string, a: Attr): any => {
    var r: any = { name, type: ATTR_CODE[a.type] };
    switch (a.type) {
      case 'float': r.f = a.value; break;
      case 'int': r.i = a.value; break;
      case 'string': r.s = Buffer.from(String(a.value), 'utf8'); break;
      case 'tensor': r.t = tensorProto('', a.value.dtype, a.value.shape, a.value.data, where); break;
      case 'graph': r.g = graph(a.value, false); break;
      case 'floats': r.floats = a.value; break;
      case 'ints': r.ints = a.value; break;
      case 'strings': r.strings = a.value.map((s: string) => Buffer.from(s, 'utf8')); break;
      case 'tensors': r.tensors = a.value.map((t: any) => tensorProto('', t.dtype, t.shape, t.data, where)); break;
      case 'graphs': r.graphs = a.value.map((x: Graph) => graph(x, false)); break;
    }
    return r;
  };
  function graph(g: Graph, main: boolean): any {
    var used = new Set<string>();
    var reads = (h: Graph) => {   // subgraphs read outer values too (If branches capture weights)
      for (var n of h.nodes) {
        for (var i of n.inputs) if (i) used.add(i);
        for (var a in n.attrs) { var at = n.attrs[a]; if (at.type === 'graph') reads(at.value); if (at.type === 'graphs') at.value.forEach(reads); }
      }
      for (var o of h.outputs) used.add(o);
    };
    reads(g);
    var produced = new Set<string>();
    for (var n of g.nodes) for (var o of n.outputs) if (o) produced.add(o);
    var inits: any[] = [];
    for (var [name, v] of g.values) {
      if (!v.data || !used.has(name) || produced.has(name) || g.inputs.indexOf(name) >= 0) continue;
      inits.push(tensorProto(name, elemType(name, v.dtype), v.shape as number[], v.data, where));
    }
    return {
      name: g.name || (main ? 'main' : 'body'),
      node: g.nodes.map((n: Node) => ({ name: n.name, opType: n.op, domain: n.opset ? (raised = true, 'com.microsoft') : n.domain, input: n.inputs, output: n.outputs,
        attribute: Object.keys(n.attrs).sort().map(k => attr(k, n.attrs[k])) })),
      initializer: inits,
      input: g.inputs.map(i => valueInfo(g, i)),
      output: g.outputs.map(o => valueInfo(g, o)),
    };
  }
  var M = type('ModelProto'), main = graph(model.graph, true), opsets: Record<string, number> = { ...model.opsets };
  if (raised) { toOpset10(main, model.opsets[''] || 1, where); opsets[''] = QDQ_FILE_OPSET; opsets['com.microsoft'] = opsets['com.microsoft'] || 1; }   // Q/DQ inserted into an opset < 10 model (Node.opset)
  var msg = M.create({
    irVersion: Math.max(model.irVersion, 7),
    producerName: 'tinyonnx',
    producerVersion: 'qdq',
    opsetImport: Object.keys(opsets).sort().map(d => ({ domain: d, version: opsets[d] })),
    graph: main,
  });
  return M.encode(msg).finish();
}

// A model below opset 10 gets Q/DQ nodes, which exist from opset 10 (per-channel, with axis, from
// 13). They are written in the com.microsoft domain, where onnxruntime has them with axis at
// version 1. But at its default (extended) optimization level onnxruntime fuses DQ → Conv → Q
// into a QLinearConv of the model's default domain, which does not exist at opset 9, and then
// refuses its own result. The QDQ file therefore states opset 10 for the default domain (where
// QLinearConv and QLinearMatMul exist), and the few ops whose form changed on the way from
// opset 7-9 to 10 are written in their opset-10 form with the same meaning: Slice and TopK take
// starts/ends/axes and K as inputs, Upsample becomes Resize (same inputs and modes),
// BatchNormalization drops spatial = 1. Opset 13 would mean rewriting Softmax, Split, Squeeze,
// the reductions, Clip and Pad as well, so the Q/DQ stay in com.microsoft.
var QDQ_FILE_OPSET = 10;

function toOpset10(g: any, opset: number, where: string) {
  var inits: any[] = g.initializer;
  var take = (n: any, name: string) => { var a = (n.attribute || []).find((x: any) => x.name === name); n.attribute = (n.attribute || []).filter((x: any) => x !== a); return a; };
  var constInput = (n: any, what: string, dtype: number, vals: number[]) => {
    var name = `${n.output[0]}__${what}`;
    inits.push(tensorProto(name, dtype, [vals.length], vals, where));
    return name;
  };
  for (var n of g.node) {
    if (n.domain === '' && n.opType === 'Slice' && (n.attribute || []).some((a: any) => a.name === 'starts')) {
      var st = take(n, 'starts'), en = take(n, 'ends'), ax = take(n, 'axes');
      n.input = [n.input[0], constInput(n, 'starts', D.INT64, st.ints), constInput(n, 'ends', D.INT64, en ? en.ints : [])]
        .concat(ax ? [constInput(n, 'axes', D.INT64, ax.ints)] : []);
    } else if (n.domain === '' && n.opType === 'TopK' && (n.attribute || []).some((a: any) => a.name === 'k')) {
      n.input = [n.input[0], constInput(n, 'k', D.INT64, [Number(take(n, 'k').i)])];
    } else if (n.domain === '' && n.opType === 'Upsample') {
      var sc = take(n, 'scales'), mode = (n.attribute || []).find((a: any) => a.name === 'mode');
      n.opType = 'Resize';
      if (sc) n.input = [n.input[0], constInput(n, 'scales', D.FLOAT, sc.floats)];
      if (mode && Buffer.from(mode.s).toString() === 'bilinear') mode.s = Buffer.from('linear');
    } else if (n.domain === '' && n.opType === 'BatchNormalization') {
      var sp = take(n, 'spatial');
      take(n, 'is_test'); take(n, 'consumed_inputs');
      if (sp && Number(sp.i) !== 1) userError(`${where}: node '${n.name}' (BatchNormalization): spatial = ${sp.i} has no opset-10 form; --emit-qdq cannot write it`);
    } else if (n.domain === '' && n.opType === 'Scan' && opset < 9) {
      userError(`${where}: node '${n.name}' (Scan): the opset-8 Scan has no opset-10 form; --emit-qdq cannot write it`);
    }
    for (var a of n.attribute || []) { if (a.g) toOpset10(a.g, opset, where); for (var sg of a.graphs || []) toOpset10(sg, opset, where); }
  }
}
