// Calibration: runs the float model on the host reference interpreter over the calibration
// samples and records, for every float tensor (in every graph), the range its values take.
//   minmax       the smallest and largest value seen (default)
//   percentile   the p-th and (100 - p)-th percentiles of all values seen (p = 99.999 by default),
//                from a second pass filling a 2048-bin histogram over the min/max range; this
//                ignores rare outliers at the cost of clipping them.
// The graph outputs of each sample are kept, so the accuracy report can reuse them.
import { Graph, Model } from '../../ir';
import { interpret } from '../../interpret';
import { subgraphsOf } from '../../graph/uses';
import * as D from '../../../device/dtype';

export interface Range { min: number; max: number }
export type Sample = Record<string, D.TypedArray>;
export type Progress = (done: number, total: number, what: string) => void;

export interface Calibration { ranges: Map<string, Range>; outputs: Record<string, D.TypedArray>[] }

var BINS = 2048;

// Every float tensor computed at run time, in every graph (If branches, Loop/Scan bodies):
// constants have no range to find.
function floatTensors(model: Model): Set<string> {
  var r = new Set<string>();
  var walk = (g: Graph) => {
    for (var [name, v] of g.values) if (v.dtype === D.FLOAT && !v.data) r.add(name);
    for (var n of g.nodes) for (var sg of subgraphsOf(n)) walk(sg);
  };
  walk(model.graph);
  return r;
}

export function calibrate(model: Model, samples: Sample[], method: 'minmax' | 'percentile', percentile: number,
                          progress?: Progress): Calibration {
  var names = floatTensors(model), ranges = new Map<string, Range>(), outputs: Record<string, D.TypedArray>[] = [];
  var passes = method === 'percentile' ? 2 : 1, total = samples.length * passes, done = 0;
  // The interpreter shows every value as it is computed (inside subgraphs too, both branches
  // of an If), so subgraphs are calibrated like the main graph.
  var minmax = (name: string, a: D.TypedArray) => {
    if (!names.has(name)) return;
    var e = ranges.get(name) || { min: Infinity, max: -Infinity };
    for (var i = 0; i < a.length; i++) { var v = a[i]; if (v < e.min) e.min = v; if (v > e.max) e.max = v; }
    ranges.set(name, e);
  };
  for (var s of samples) {
    var r = interpret(model, s, minmax);
    var o: Record<string, D.TypedArray> = {};
    for (var name of model.graph.outputs) o[name] = r[name].slice();
    outputs.push(o);
    if (progress) progress(++done, total, 'calibrating');
  }
  if (method === 'percentile') {
    var hist = new Map<string, Float64Array>(), count = new Map<string, number>();
    var fill = (name: string, a2: D.TypedArray) => {
      var e2 = ranges.get(name);
      if (!e2) return;
      var h = hist.get(name) || new Float64Array(BINS), w = (e2.max - e2.min) / BINS;
      for (var i = 0; i < a2.length; i++) {
        var b = w > 0 ? Math.floor((a2[i] - e2.min) / w) : 0;
        h[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
      }
      hist.set(name, h); count.set(name, (count.get(name) || 0) + a2.length);
    };
    for (var s of samples) {
      interpret(model, s, fill);
      if (progress) progress(++done, total, 'calibrating (percentiles)');
    }
    for (var name of Array.from(hist.keys())) {
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
