// Which of the core's routines a float32 Conv runs on, from its shapes and attributes alone: the
// device (device/wasm/Conv.ts) dispatches by it, and the build assembles only the routines of the
// paths its model's Convs take (targets/wasm/kernels.ts), so one decision serves both.
//   dwp  depthwise 3x3/5x5, column stride 1 or 2, no column dilation, 4+ output columns (variant v)
//   dw   other depthwise 1-D/2-D convs
//   w2   Winograd F(2,3): 3-tap along one axis, stride 1, one group (winograd.ts: lines, lanes)
//   pw   pointwise: the input is the column matrix
//   cols im2col then the gemm (nt: some band has fewer than 16 columns, not a multiple of 4)
//   js   the JS kernel (one input channel and few filters a group, or empty)
import { convSetup } from '../kernels/nn/im2col';

export interface ConvPath { path: string; v: number; nt: boolean }

// The core's fused activation: kind (0: none) and its parameters, as the "act" routine takes them.
export interface CoreAct { kind: number; a: number; lo: number; hi: number }
export var NO_ACT: CoreAct = { kind: 0, a: 0, lo: 0, hi: 0 };
var KINDS: { [name: string]: number } = { Relu: 1, LeakyRelu: 2, Clip: 3, HardSwish: 4, LeakyReluClip: 6 };   // 6: LeakyRelu then Clip

// A Conv's fused activation (converter/passes/fuseActivation.ts) as the core runs it, or null
// where it must run in JS (other kinds; an alpha that is not a float32: JS multiplies in double).
export function coreAct(at: { [k: string]: any }): CoreAct | null {
  var kind = KINDS[at.activation] || 0, ps = at.activation_params || [];
  if (!at.activation) return NO_ACT;
  if (!kind) return null;
  var a = kind === 2 || kind === 6 ? ps[0] : 0, lo = kind === 3 ? ps[0] : kind === 6 ? ps[1] : 0, hi = kind === 3 ? ps[1] : kind === 6 ? ps[2] : 0;
  return new Float32Array([a])[0] !== a ? null : { kind: kind, a: a, lo: lo, hi: hi };
}

// The core's exports a path calls (the build's routines hold them: targets/wasm/kernels.ts).
export function pathExports(p: ConvPath, act: CoreAct): string[] {
  var e = p.path === 'dwp' ? ['dwp' + p.v] : p.path === 'dw' ? ['dw'] : p.path === 'w2' ? ['w2in', 'gemm'] :
    p.path === 'pw' ? ['gemm'] : p.path === 'cols' ? (p.nt ? ['gemm', 'colsf', 'gemm_nt'] : ['gemm', 'colsf']) : [];
  if (act.kind && (p.path === 'dw' || p.path === 'pw' || p.path === 'cols')) e.push('act');
  return e;
}

// Column buffers are capped at this many floats (128 KB, so the columns stay in L2 between
// im2col and gemm: a 680 KB column matrix ran the gemm 15x slower); bigger outputs go in bands.
export var COL_BAND = 32768;

export function convPath(xs: number[], ws: number[], attrs: any): ConvPath {
  var cs = convSetup(xs, ws, attrs), g = cs.g, H = g.inS[1], W = g.inS[2], OH = g.outS[1], OW = g.outS[2], KH = g.k[1], KW = g.k[2];
  if (cs.Cg === 1 && cs.Mg === 1 && g.inS[0] === 1 && g.outS[0] === 1 && g.k[0] === 1 && cs.C && OH && OW && KH && KW) {
    var sw = g.s[2], unrolled = KH === KW && (KH === 3 || KH === 5) && (sw === 1 || sw === 2) && g.d[2] === 1 && OW >= 4;
    return { path: unrolled ? 'dwp' : 'dw', v: unrolled ? (KH === 5 ? 2 : 0) + (sw === 2 ? 1 : 0) : -1, nt: false };
  }
  if (winogradAxis(xs, ws, attrs) >= 0) return { path: 'w2', v: -1, nt: false };
  var R = g.outS[0] * OH, P = R * OW, Kk = g.k[0] * KH * KW, Kc = cs.Cg * Kk;
  if ((cs.Cg === 1 && cs.Mg < 4) || !P || !Kc || !cs.Mg) return { path: 'js', v: -1, nt: false };
  if (Kk === 1 && g.pb.join() === '0,0,0' && g.pe.join() === '0,0,0' && g.s.join() === '1,1,1') return { path: 'pw', v: -1, nt: false };
  var band = Math.max(1, Math.min(R, Math.floor(COL_BAND / (Kc * OW)))), last = R % band;
  return { path: 'cols', v: -1, nt: fewColumns(band * OW) || (last > 0 && fewColumns(last * OW)) };
}

// Columns that leave gemm's vectors idle: gemm_nt runs them along K instead.
export function fewColumns(cols: number): boolean { return cols < 16 && (cols & 3) !== 0; }

// The axis (0..2 of the 3 spatial) a Winograd F(2,3) conv runs along, or -1 where this form does
// not apply or would not pay (few lanes across, mostly ghost lanes, a length not a multiple of 4
// along the contiguous axis).
export function winogradAxis(xs: number[], ws: number[], attrs: any): number {
  var cs = convSetup(xs, ws, attrs), g = cs.g, ax = -1;
  for (var i = 0; i < 3; i++) {
    if (g.s[i] !== 1) return -1;
    if (g.k[i] === 3 && ax < 0 && g.d[i] === 1) ax = i;
    else if (g.k[i] !== 1 || g.pb[i] !== 0 || g.pe[i] !== 0) return -1;
  }
  if (ax < 0 || cs.group !== 1 || cs.C < 4 || cs.M < 4 || g.outS[ax] < 2) return -1;
  var A = 1, S = 1;
  for (var i = 0; i < ax; i++) A *= g.inS[i];
  for (var i = ax + 1; i < 3; i++) S *= g.inS[i];
  if (ax === 2) { if (g.inS[2] % 4) return -1; S = A; }
  var Sp = (S + 3) & ~3;
  return S < 4 || Sp * 4 > S * 5 ? -1 : ax;
}
