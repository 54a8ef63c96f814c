// Ground truth for accuracy questions: the same converted graph evaluated in float64 on the host.
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { interpret } from '../converter/interpret';
import { closeTo } from './reference';

export function float64Runner(file: string, spec: { shapes?: Record<string, number[]>; consts?: Record<string, number[]> }) {
  // dft: false: the model's own products (not tinyonnx:Stft's FFT) are the ground truth.
  var m = convertModel(readOnnx(file), { shapes: spec.shapes || {}, consts: spec.consts || {}, dft: false }).model;
  for (var v of m.graph.values.values()) if (v.dtype === 1) { v.dtype = 11; if (v.data) v.data = Float64Array.from(v.data); }
  return (feeds: Record<string, ArrayLike<number>>) => {
    var wide: Record<string, Float64Array> = {};
    for (var k in feeds) wide[k] = Float64Array.from(feeds[k]);
    return interpret(m, wide) as Record<string, Float64Array>;
  };
}

export function float64Reference(file: string, shapes: Record<string, number[]>, feeds: Record<string, Float32Array>) {
  return float64Runner(file, { shapes })(feeds);
}

// Agrees with onnxruntime within tolerance; or, where onnxruntime's own float32 rounding is the
// larger error, agrees with float64 ground truth and is no further from it than onnxruntime.
export function accurate(ours: ArrayLike<number>, ort: ArrayLike<number>, exact: ArrayLike<number>) {
  var vsOrt = closeTo(ours, ort);
  if (vsOrt.ok) return { ok: true, msg: '' };
  var vsExact = closeTo(ours, exact), ortExact = closeTo(ort, exact);
  var ok = vsExact.ok && vsExact.maxAbs <= ortExact.maxAbs;
  return { ok, msg: `vs onnxruntime: ${vsOrt.msg}; vs float64: max ${vsExact.maxAbs}; onnxruntime vs float64: max ${ortExact.maxAbs}` };
}
