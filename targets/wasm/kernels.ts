// Which kernels have a wasm-core version (device/wasm/<op>.ts, falling back to the JS kernel at
// load when the engine lacks WebAssembly SIMD) and which core routines each needs.
import type { KernelRef } from '../bundle';
import { assembleCore, WasmCore } from './assemble';

export var WASM_KERNELS: Record<string, { module: string; routines: string[] }> = {
  'nn/MatMul': { module: 'device/wasm/MatMul', routines: ['gemm_f32'] },
  'nn/Gemm': { module: 'device/wasm/Gemm', routines: ['gemm_f32'] },
  'nn/Conv': { module: 'device/wasm/Conv', routines: ['gemm_f32', 'gemm_nt_f32', 'act_f32', 'dw_f32', 'cols_f32'] },
  'int8/WConv': { module: 'device/wasm/WConv', routines: ['gemm_f32', 'gemm_nt_f32', 'cols_f32'] },   // convOnCore's columns, as nn/Conv
  'int8/WMatMul': { module: 'device/wasm/WMatMul', routines: ['gemm_f32'] },
  'int8/QConv': { module: 'device/wasm/QConv', routines: ['qgemm_i16', 'rq_i8', 'cols_i16'] },
  'int8/QMatMul': { module: 'device/wasm/QMatMul', routines: ['qgemm_i16', 'rq_i8', 'widen_i8'] },
  'int8/DynQConv': { module: 'device/wasm/DynQConv', routines: ['dyn_f32', 'dyn_conv', 'qgemm_i16'] },
  'int8/DynQMatMul': { module: 'device/wasm/DynQMatMul', routines: ['dyn_f32', 'dyn_mm', 'qgemm_i16'] },
  'int8/QMaxPool': { module: 'device/wasm/QMaxPool', routines: ['maxpool_i8'] },
  'quant/QuantizeLinear': { module: 'device/wasm/QuantizeLinear', routines: ['quant_f32'] },
};

// The core for a bundle of these kernels: null when none has a wasm version.
export async function wasmCoreFor(kernels: KernelRef[]): Promise<WasmCore | null> {
  var names = new Set<string>();
  for (var k of kernels) for (var r of (WASM_KERNELS[k.file] || { routines: [] }).routines) names.add(r);
  return names.size ? assembleCore(Array.from(names)) : null;
}
