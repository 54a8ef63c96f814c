// Which kernels have a wasm-core version (device/wasm/<op>.ts, falling back to the JS kernel at
// load when the engine lacks WebAssembly SIMD, or the core lacks a routine) and which core
// routines each needs: a fixed list, or (Conv) per node, from the paths the model's nodes take.
import type { KernelRef } from '../bundle';
import type { ModelView, NodeView, GraphView } from '../../device/reader';
import { convPath, coreAct, pathExports, winogradAxis, NO_ACT } from '../../device/wasm/convPath';
import { assembleCore, WasmCore } from './assemble';

interface WasmKernel { module: string; routines: string[]; perNode?: (m: ModelView, n: NodeView) => string[] }

// The routine holding each export a Conv path calls (convPath.ts pathExports).
var CONV_ROUTINE: Record<string, string> = { gemm: 'gemm_f32', gemm_nt: 'gemm_nt_f32', colsf: 'cols_f32', act: 'act_f32', dw: 'dw_f32',
  w2in: 'w2_f32', dwp0: 'dwp0_f32', dwp1: 'dwp1_f32', dwp2: 'dwp2_f32', dwp3: 'dwp3_f32' };

function convRoutines(m: ModelView, n: NodeView): string[] {
  var X = m.tensors[n.inputs[0]], W = m.tensors[n.inputs[1]], act = coreAct(n.attrs);
  if (!X || !W || X.dtype !== 1 || W.dtype !== 1) return [];
  try { var p = convPath(X.shape, W.shape, n.attrs); } catch (e) { return Object.keys(CONV_ROUTINE).map(k => CONV_ROUTINE[k]); }
  return pathExports(p, act || NO_ACT).map(e => CONV_ROUTINE[e]);
}

// The int8 convs: their routines, and the integer Winograd where convPath.ts takes the node's shape.
function qconvRoutines(base: string[]) {
  return function (m: ModelView, n: NodeView): string[] {
    var X = m.tensors[n.inputs[0]], W = m.tensors[n.inputs[1]];
    try { var w2 = !!X && !!W && winogradAxis(X.shape, W.shape, n.attrs) >= 0; } catch (e) { w2 = true; }
    return w2 ? base.concat(['w2_i16']) : base;
  };
}

export var WASM_KERNELS: Record<string, WasmKernel> = {
  'nn/MatMul': { module: 'device/wasm/MatMul', routines: ['gemm_f32'] },
  'nn/Gemm': { module: 'device/wasm/Gemm', routines: ['gemm_f32'] },
  'nn/Conv': { module: 'device/wasm/Conv', routines: Object.keys(CONV_ROUTINE).map(k => CONV_ROUTINE[k]), perNode: convRoutines },
  'nn/MaxPool': { module: 'device/wasm/MaxPool', routines: ['maxpool_f32'] },
  'int8/WConv': { module: 'device/wasm/WConv', routines: ['gemm_f32', 'gemm_nt_f32', 'cols_f32'] },   // convOnCore's columns, as nn/Conv
  'int8/WMatMul': { module: 'device/wasm/WMatMul', routines: ['gemm_f32'] },
  'int8/QConv': { module: 'device/wasm/QConv', routines: ['qgemm_i16', 'rq_i8', 'cols_i16', 'w2_i16'], perNode: qconvRoutines(['qgemm_i16', 'rq_i8', 'cols_i16']) },
  'int8/QMatMul': { module: 'device/wasm/QMatMul', routines: ['qgemm_i16', 'rq_i8', 'widen_i8'] },
  'int8/DynQConv': { module: 'device/wasm/DynQConv', routines: ['dyn_f32', 'dyn_conv', 'qgemm_i16', 'w2_i16'], perNode: qconvRoutines(['dyn_f32', 'dyn_conv', 'qgemm_i16']) },
  'int8/DynQMatMul': { module: 'device/wasm/DynQMatMul', routines: ['dyn_f32', 'dyn_mm', 'qgemm_i16'] },
  'int8/QMaxPool': { module: 'device/wasm/QMaxPool', routines: ['maxpool_i8', 'maxpool2_i8'] },
  'quant/QuantizeLinear': { module: 'device/wasm/QuantizeLinear', routines: ['quant_f32'] },
};

// The core for a bundle of these kernels, running these models (without them, every routine a
// kernel may use): null when no kernel has a wasm version, or the models' nodes need no routine.
export async function wasmCoreFor(kernels: KernelRef[], models?: ModelView[]): Promise<WasmCore | null> {
  var names = new Set<string>(), byKey = new Map<string, WasmKernel>();
  for (var k of kernels) {
    var w = WASM_KERNELS[k.file];
    if (!w) continue;
    if (w.perNode && models) byKey.set(k.key, w);
    else for (var r of w.routines) names.add(r);
  }
  var walk = (m: ModelView, g: GraphView) => {
    for (var n of g.nodes) {
      for (var s in n.graphs) { var gs = n.graphs[s]; for (var sg of Array.isArray(gs) ? gs : [gs]) walk(m, sg); }
      var op = m.ops[n.op], w = byKey.get(`${op.domain}:${op.op}`);
      if (w) for (var r of w.perNode!(m, n)) names.add(r);
    }
  };
  if (models && byKey.size) for (var m of models) walk(m, m.graph);
  return names.size ? assembleCore(Array.from(names)) : null;
}
