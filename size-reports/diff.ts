// Compare a report with a baseline report (--baseline): per build (matched on id) every figure
// of METRICS and every kernel, as bytes and percent; plus totals over all builds of each side.
import { BuildDiff, BuildEntry, MetricDiff, METRICS, ReportDiff, SizeReport, metric } from './schema';

export function metricDiff(path: string, base: number | null, head: number | null): MetricDiff {
  var delta = base === null || head === null ? null : head - base;
  var pct = delta === null || !base ? null : Math.round(delta / base * 10000) / 100;
  return { path, base, head, delta, pct };
}

function kernelMap(b: BuildEntry | undefined): Map<string, number> {
  var m = new Map<string, number>();
  if (b) for (var k of b.kernels || []) m.set(k.op, k.bytes);
  return m;
}

export function diffReports(head: SizeReport, base: SizeReport, baselineName: string): ReportDiff {
  var byId = new Map<string, BuildEntry>();
  for (var b of base.builds) byId.set(b.id, b);
  var builds: BuildDiff[] = [];
  var seen = new Set<string>();
  var one = (h: BuildEntry | undefined, o: BuildEntry | undefined): BuildDiff => {
    var metrics = METRICS.map(m => metricDiff(m.path, o ? metric(o, m.path) : null, h ? metric(h, m.path) : null));
    var hk = kernelMap(h), bk = kernelMap(o);
    var ops = Array.from(new Set([...hk.keys(), ...bk.keys()])).sort();
    var kernels = ops.map(op => metricDiff(op, bk.has(op) ? bk.get(op)! : o ? 0 : null, hk.has(op) ? hk.get(op)! : h ? 0 : null));
    var status: BuildDiff['status'] = !o ? 'new' : !h ? 'removed' :
      metrics.some(m => m.delta) || kernels.some(k => k.delta) ? 'changed' : 'unchanged';
    return { id: (h || o)!.id, status, metrics, kernels };
  };
  for (var h of head.builds) { seen.add(h.id); builds.push(one(h, byId.get(h.id))); }
  for (var o of base.builds) if (!seen.has(o.id)) builds.push(one(undefined, o));
  var sum = (list: BuildEntry[], path: string) => {
    var s: number | null = null;
    for (var b of list) { var v = metric(b, path); if (v !== null) s = (s || 0) + v; }
    return s;
  };
  var totals = METRICS.map(m => metricDiff(m.path, sum(base.builds, m.path), sum(head.builds, m.path)));
  return { baseline: baselineName, builds, totals };
}
