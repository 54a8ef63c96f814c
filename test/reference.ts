// onnxruntime-node as the reference, and the tolerance the product promises.
import * as ort from 'onnxruntime-node';

var sessions = new Map<string, Promise<ort.InferenceSession>>();

export function ortSession(file: string) {
  if (!sessions.has(file)) sessions.set(file, ort.InferenceSession.create(file));
  return sessions.get(file)!;
}

export async function ortRun(file: string, feeds: Record<string, { data: any; dims: number[]; type?: string }>) {
  var s = await ortSession(file);
  var inputs: Record<string, ort.Tensor> = {};
  for (var [k, v] of Object.entries(feeds)) inputs[k] = new ort.Tensor((v.type || 'float32') as any, v.data, v.dims);
  var out = await s.run(inputs);
  var r: Record<string, Float32Array> = {};
  for (var k in out) r[k] = out[k].data as Float32Array;
  return r;
}

// |a - e| <= 1e-5, or |a - e| <= 1e-4 * |e|.
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-5, rtol = 1e-4) {
  if (actual.length !== expected.length) return { ok: false, maxAbs: Infinity, at: -1, msg: `length ${actual.length} vs ${expected.length}` };
  var maxAbs = 0, at = -1;
  for (var i = 0; i < actual.length; i++) {
    var d = Math.abs(actual[i] - expected[i]);
    if (!(d <= atol || d <= rtol * Math.abs(expected[i]))) { if (at < 0) at = i; }
    if (d > maxAbs || Number.isNaN(d)) maxAbs = Number.isNaN(d) ? Infinity : d;
  }
  return { ok: at < 0, maxAbs, at, msg: at < 0 ? '' : `index ${at}: ${actual[at]} vs ${expected[at]} (max abs err ${maxAbs})` };
}
