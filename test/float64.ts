// Ground truth for accuracy questions: the same converted graph evaluated in float64 on the host.
import { readOnnx } from '../dist/host/converter/readOnnx';
import { convertModel } from '../dist/host/converter/convert';
import { interpret } from '../dist/host/converter/interpret';

export function float64Reference(file: string, shapes: Record<string, number[]>, feeds: Record<string, Float32Array>) {
  var m = convertModel(readOnnx(file), { shapes });
  for (var v of m.graph.values.values()) if (v.dtype === 1) { v.dtype = 11; if (v.data) v.data = Float64Array.from(v.data); }
  var wide: Record<string, Float64Array> = {};
  for (var k in feeds) wide[k] = Float64Array.from(feeds[k]);
  return interpret(m, wide);
}
