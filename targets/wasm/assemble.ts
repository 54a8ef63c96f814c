// Assembles the WebAssembly core for one bundle: only the routines its kernels use, from their WAT
// source (targets/wasm/*Wat.ts), with wabt. The module imports its memory (m.mem): the device
// side (device/wasm/core.ts) makes it once per load, at its final size. wabt writes no names section
// unless asked, so the bytes depend only on the text: builds stay byte-identical.
import { gemmWat, gemmNtWat, dwWat, colsWatF32 } from './gemmWat';
import { actWat } from './actWat';
import { dwpWat, dwcopyWat } from './depthwiseWat';
import { winogradWat, winogradIntWat, winogradBaseWat } from './winogradWat';
import { maxpoolWatF32, maxpool2WatI8 } from './poolWat';
import { qgemmWat, rqWat, colsWat, widenWat, quantWat, maxpoolWat, dynWat, dynConvWat, dynMatMulWat } from './int8Wat';

export interface WasmRoutine { name: string; wat: () => string; needs?: string[] }   // needs: routines whose functions it calls
export interface WasmCore { bytes: Uint8Array; routines: Record<string, number> }   // code bytes per routine

export var ROUTINES: Record<string, WasmRoutine> = {
  gemm_f32: { name: 'gemm_f32', wat: gemmWat },
  gemm_nt_f32: { name: 'gemm_nt_f32', wat: gemmNtWat },
  act_f32: { name: 'act_f32', wat: actWat },
  dw_f32: { name: 'dw_f32', wat: dwWat },
  dwcopy_f32: { name: 'dwcopy_f32', wat: dwcopyWat },
  dwp0_f32: { name: 'dwp0_f32', wat: () => dwpWat(0), needs: ['dwcopy_f32'] },
  dwp1_f32: { name: 'dwp1_f32', wat: () => dwpWat(1), needs: ['dwcopy_f32'] },
  dwp2_f32: { name: 'dwp2_f32', wat: () => dwpWat(2), needs: ['dwcopy_f32'] },
  dwp3_f32: { name: 'dwp3_f32', wat: () => dwpWat(3), needs: ['dwcopy_f32'] },
  cols_f32: { name: 'cols_f32', wat: colsWatF32 },
  w2base: { name: 'w2base', wat: winogradBaseWat },
  w2_f32: { name: 'w2_f32', wat: winogradWat, needs: ['gemm_f32', 'w2base'] },
  w2_i16: { name: 'w2_i16', wat: winogradIntWat, needs: ['qgemm_i16', 'w2base'] },
  maxpool_f32: { name: 'maxpool_f32', wat: maxpoolWatF32 },
  maxpool2_i8: { name: 'maxpool2_i8', wat: maxpool2WatI8 },
  qgemm_i16: { name: 'qgemm_i16', wat: qgemmWat },
  rq_i8: { name: 'rq_i8', wat: rqWat },
  cols_i16: { name: 'cols_i16', wat: colsWat },
  widen_i8: { name: 'widen_i8', wat: widenWat },
  quant_f32: { name: 'quant_f32', wat: quantWat },
  maxpool_i8: { name: 'maxpool_i8', wat: maxpoolWat },
  dyn_f32: { name: 'dyn_f32', wat: dynWat },
  dyn_conv: { name: 'dyn_conv', wat: dynConvWat },
  dyn_mm: { name: 'dyn_mm', wat: dynMatMulWat },
};

var wabtModule: Promise<any> | null = null;
var cache = new Map<string, WasmCore>();

export async function assembleCore(names: string[]): Promise<WasmCore> {
  var all = names.slice();
  for (var i = 0; i < all.length; i++) for (var n of ROUTINES[all[i]].needs || []) if (all.indexOf(n) < 0) all.push(n);
  var key = all.sort().join(',');
  var hit = cache.get(key);
  if (hit) return hit;
  if (!wabtModule) wabtModule = require('wabt')();
  var wabt = await wabtModule;
  var sorted = key.split(','), texts = sorted.map(n => ROUTINES[n].wat());
  var source = '(module\n(import "m" "mem" (memory 1))\n' + texts.join('\n') + '\n)\n';
  var mod = wabt.parseWat('tinyonnx-core.wat', source, { simd: true });
  try {
    mod.validate();
    var bytes: Uint8Array = new Uint8Array(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally { mod.destroy(); }
  var bodies = codeBodySizes(bytes), routines: Record<string, number> = {}, f = 0;
  sorted.forEach((n, i) => {
    var count = (texts[i].match(/\(func /g) || []).length;
    routines[n] = bodies.slice(f, f + count).reduce((a, b) => a + b, 0);
    f += count;
  });
  var core = { bytes, routines };
  cache.set(key, core);
  return core;
}

function leb(bytes: Uint8Array, at: { p: number }): number {
  var v = 0, shift = 0, b: number;
  do { b = bytes[at.p++]; v |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  return v >>> 0;
}

// The size of each function body in the code section (section id 10), in function order.
function codeBodySizes(bytes: Uint8Array): number[] {
  var at = { p: 8 }, sizes: number[] = [];
  while (at.p < bytes.length) {
    var id = bytes[at.p++], size = leb(bytes, at), end = at.p + size;
    if (id === 10) {
      var n = leb(bytes, at);
      for (var i = 0; i < n; i++) { var start = at.p, len = leb(bytes, at); at.p += len; sizes.push(at.p - start); }
    }
    at.p = end;
  }
  return sizes;
}
