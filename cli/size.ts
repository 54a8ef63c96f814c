// `tinyonnx size <build-dir>...`: prints api/size.ts's report summary (or the report itself).
// Exit 1 when a budget is exceeded (each on its own line on stderr); reports are written first.
import { size, SizeOptions } from '../api/size';
import { SizeReport } from '../size-reports/schema';
import { bytes, delta } from '../size-reports/units';

function summaryLines(r: SizeReport): string[] {
  var lines: string[] = [];
  for (var b of r.builds) {
    var parts: string[] = [];
    if (b.bundle) parts.push(`runtime ${bytes(b.bundle.min)} B min / ${bytes(b.bundle.gzip)} gzip / ${bytes(b.bundle.brotli)} brotli` +
      (b.baseline ? ` (no-kernel baseline ${bytes(b.baseline.min)} min)` : ''));
    parts.push(`model.tnx ${bytes(b.model.bytes)} B (weights ${bytes(b.model.weights.bytes)})`);
    parts.push(`arena ${bytes(b.ram.arena)} B (lower bound ${bytes(b.ram.lowerBound)})`);
    if (b.ram.runtime !== null) parts.push(`runtime RAM ${bytes(b.ram.runtime)} B`);
    lines.push(`${b.id}: ${parts.join(', ')}`);
    if (b.kernels.length) lines.push('  kernels: ' + b.kernels.slice(0, 6).map(k => `${k.op} ${bytes(k.bytes)}`).join(', ') + (b.kernels.length > 6 ? `, … (${b.kernels.length})` : ''));
  }
  if (r.diff) for (var d of r.diff.builds) {
    var changed = d.metrics.filter(m => m.delta || (m.base === null) !== (m.head === null));
    lines.push(`${d.id} vs ${r.diff.baseline}: ${d.status}` + (d.status === 'changed' ? ': ' + changed.map(m => `${m.path} ${delta(m)}`).join(', ') : ''));
  }
  return lines;
}

export async function sizeCommand(argv: any): Promise<number> {
  // yargs hands `--json -` (and a bare `--json`) over as '': both mean stdout
  var dest = (v: any) => v === '' || v === '-' ? '-' : v === undefined || v === null ? undefined : String(v);
  var opts: SizeOptions = {
    dirs: [].concat(argv.dirs || []).map(String), json: dest(argv.json), markdown: dest(argv.markdown), html: dest(argv.html),
    baseline: argv.baseline, budget: argv.budget, history: argv.history,
  };
  var o = await size(opts);
  var toStdout = [opts.json, opts.markdown, opts.html].indexOf('-') >= 0;
  if (!toStdout) for (var l of summaryLines(o.report)) console.log(l);
  for (var m of o.messages) console.error(m);
  return o.code;
}
