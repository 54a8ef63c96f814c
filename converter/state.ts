// Carried state (issue 14, point 6): `--state stateN=state` pairs a graph output with a graph
// input; the runtime feeds the output back into the input between runs, so the user feeds only
// the audio. The pairs travel to the device in the model's metadata as 'state:OUTPUT' → INPUT.
//
// Storage: when the output is first written after the input's last read (Silero's stateN, built
// by a Concat after the LSTM cell read state), the emitter plans both into ONE arena slot, live
// for the whole run: the next run reads the state where the last one wrote it, and nothing is
// copied. When a node reads the state and writes the output at once (an LSTM node's h → hN), the
// slots must differ (the kernel would read what it just overwrote): the input's slot is then
// kept for the whole run and the runtime copies the output into it once, at the end of run().
import { Model } from './ir';
import { userError } from '../base/errors';

export type StatePairs = Record<string, string>;   // output name → input name

export var STATE_KEY = 'state:';                     // metadata key prefix, read by device/runtime.ts

export function parseStateFlag(s: string): [string, string] {
  var eq = s.indexOf('=');
  if (eq <= 0 || eq === s.length - 1) userError(`--state '${s}': expected OUTPUT=INPUT, e.g. stateN=state`);
  return [s.slice(0, eq), s.slice(eq + 1)];
}

// Called on the converted model, before emitting: both ends exist, are float arena tensors of one
// shape and dtype, and no input is fed by two outputs.
export function checkStatePairs(model: Model, pairs: StatePairs) {
  var g = model.graph, seen: Record<string, string> = {};
  for (var out in pairs) {
    var inp = pairs[out], where = `--state ${out}=${inp}`;
    if (g.outputs.indexOf(out) < 0) userError(`${where}: the model has no output '${out}'; its outputs are ${g.outputs.map(n => `'${n}'`).join(', ')}`);
    if (g.inputs.indexOf(inp) < 0) userError(`${where}: the model has no input '${inp}'; its inputs are ${g.inputs.map(n => `'${n}'`).join(', ')}`);
    if (seen[inp]) userError(`${where}: input '${inp}' is already fed by output '${seen[inp]}'`);
    seen[inp] = out;
    var vo = g.values.get(out)!, vi = g.values.get(inp)!;
    if (vo.data) userError(`${where}: output '${out}' is a constant after conversion; there is no state to carry`);
    if (vo.dtype === 8) userError(`${where}: '${out}' is a string tensor; only numeric state is carried`);
    if (vo.dtype !== vi.dtype) userError(`${where}: output '${out}' and input '${inp}' have different element types`);
    var so = String(vo.shape), si = String(vi.shape);
    if (!vo.shape || !vi.shape || so !== si || vi.shape.some(d => typeof d !== 'number')) userError(`${where}: output '${out}' has shape [${so}] and input '${inp}' [${si}]; pin them with --shape`);
  }
}

export interface Lifetime { name: string; bytes: number; first: number; last: number }

// Plans each pair's storage on the emitter's merged buffers (keyed by root name; `rootOf` maps a
// value to its buffer, `alias(from, to)` makes `from`'s buffer `to`'s). The state input's buffer
// then lives for the whole run (last = Infinity), shared or not.
export function planStatePairs(pairs: StatePairs, merged: Map<string, Lifetime>, rootOf: (n: string) => string, alias: (from: string, to: string) => void) {
  for (var out in pairs) {
    var ri = rootOf(pairs[out]), ro = rootOf(out), bi = merged.get(ri), bo = merged.get(ro);
    if (!bi || !bo) continue;
    if (ri !== ro && bo.first > bi.last) {
      alias(ro, ri);
      bi.bytes = Math.max(bi.bytes, bo.bytes);
      bi.first = Math.min(bi.first, bo.first);
      merged.delete(ro);
    }
    bi.last = Infinity;
  }
}
