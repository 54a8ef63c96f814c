// Calibration: runs the float model on the host reference interpreter over the calibration
// samples and records, for every float tensor, the range its values take.
//   minmax       the smallest and largest value seen (default)
//   percentile   the p-th and (100 - p)-th percentiles of all values seen (p = 99.999 by default),
//                from a second pass filling a 2048-bin histogram over the min/max range; this
//                ignores rare outliers at the cost of clipping them.
// The graph outputs of each sample are kept, so the accuracy report can reuse them.
import { Model } from '../ir';
import { interpret } from '../interpret';
import { cloneModel } from './graph';
import * as D from '../../format/dtype';

export interface Range { min: number; max: number }
export type Sample = Record<string, D.TypedArray>;
export type Progress = (done: number, total: number, what: string) => void;

export interface Calibration { ranges: Map<string, Range>; outputs: Record<string, D.TypedArray>[] }

var BINS = 2048;

// A copy of the model whose outputs are all float tensors (graph inputs included).
function probe(model: Model): { m: Model; names: string[] } {
  var m = cloneModel(model), g = m.graph, names: string[] = [];
  var isF = (n: string) => { var v = g.values.get(n); return !!v && v.dtype === D.FLOAT && !v.data; };
  for (var i of g.inputs) if (isF(i)) names.push(i);
  for (var n of g.nodes) for (var o of n.outputs) if (o && isF(o) && names.indexOf(o) < 0) names.push(o);
  var outs = g.outputs.slice();
  for (var nm of names) if (outs.indexOf(nm) < 0) outs.push(nm);
  g.outputs = outs;
  return { m, names };
}

export function calibrate(model: Model, samples: Sample[], method: 'minmax' | 'percentile', percentile: number,
                          progress?: Progress): Calibration {
  var p = probe(model), ranges = new Map<string, Range>(), outputs: Record<string, D.TypedArray>[] = [];
  var passes = method === 'percentile' ? 2 : 1, total = samples.length * passes, done = 0;
  for (var s of samples) {
    var r = interpret(p.m, s);
    var o: Record<string, D.TypedArray> = {};
    for (var name of model.graph.outputs) o[name] = r[name].slice();
    outputs.push(o);
    for (var name of p.names) {
      var a = r[name], e = ranges.get(name) || { min: Infinity, max: -Infinity };
      for (var i = 0; i < a.length; i++) { var v = a[i]; if (v < e.min) e.min = v; if (v > e.max) e.max = v; }
      ranges.set(name, e);
    }
    if (progress) progress(++done, total, 'calibrating');
  }
  if (method === 'percentile') {
    var hist = new Map<string, Float64Array>(), count = new Map<string, number>();
    for (var s of samples) {
      var r2 = interpret(p.m, s);
      for (var name of p.names) {
        var e2 = ranges.get(name)!, h = hist.get(name) || new Float64Array(BINS), a2 = r2[name];
        var w = (e2.max - e2.min) / BINS;
        for (var i = 0; i < a2.length; i++) {
          var b = w > 0 ? Math.floor((a2[i] - e2.min) / w) : 0;
          h[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
        }
        hist.set(name, h); count.set(name, (count.get(name) || 0) + a2.length);
      }
      if (progress) progress(++done, total, 'calibrating (percentiles)');
    }
    for (var name of p.names) {
      var e3 = ranges.get(name)!, h2 = hist.get(name)!, n = count.get(name)!, w2 = (e3.max - e3.min) / BINS;
      if (!(w2 > 0)) continue;
      var cut = n * (1 - percentile / 100), acc = 0, lo = 0, hi = BINS - 1;
      while (lo < BINS - 1 && acc + h2[lo] <= cut) acc += h2[lo++];
      acc = 0;
      while (hi > 0 && acc + h2[hi] <= cut) acc += h2[hi--];
      ranges.set(name, { min: e3.min + lo * w2, max: e3.min + (hi + 1) * w2 });
    }
  }
  return { ranges, outputs };
}
