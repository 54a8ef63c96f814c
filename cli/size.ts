// `tinyonnx size <build-dir>...`: measure build folders (several make a matrix) and write the
// report as JSON / Markdown / HTML, diff against a baseline, check budgets, append history.
// Exit 1 when a budget is exceeded (each on its own line on stderr); reports are written first.
import * as path from 'path';
import { writeAtomic } from '../api/build';
import { measureDir, report } from '../size-reports/report';
import { diffReports } from '../size-reports/diff';
import { parseReport, SizeReport } from '../size-reports/schema';
import { checkBudgets, exceededMessage, readBudget, BudgetResult } from '../size-reports/budget';
import { appendHistory, currentCommit } from '../size-reports/history';
import { markdown } from '../size-reports/markdown';
import { html } from '../size-reports/html';
import { bytes, delta } from '../size-reports/units';
import { userError } from '../base/errors';
import * as fs from 'fs';

export interface SizeOptions {
  dirs: string[];
  json?: string; markdown?: string; html?: string;
  baseline?: string; budget?: string; history?: string;
}

export interface SizeOutcome { report: SizeReport; budget: BudgetResult | null; code: number; messages: string[] }

/** Everything but printing: measure, diff, check, write the files asked for. */
export async function size(opts: SizeOptions): Promise<SizeOutcome> {
  var dirs = opts.dirs || [];
  if (!dirs.length) userError('size: name at least one build folder');
  var builds = [];
  var from = new Map<string, string>();
  for (var d of dirs) {
    var b = await measureDir(d);
    if (from.has(b.id)) userError(`${d}: build ${b.id} is also ${from.get(b.id)}; each model/target may appear once in a report`);
    from.set(b.id, d);
    builds.push(b);
  }
  var r = report(builds);
  if (opts.baseline) {
    if (!fs.existsSync(opts.baseline)) userError(`${opts.baseline}: no such baseline report`);
    r.diff = diffReports(r, parseReport(fs.readFileSync(opts.baseline, 'utf8'), opts.baseline), path.basename(opts.baseline));
  }
  var budget = opts.budget ? checkBudgets(builds, readBudget(opts.budget)) : null;
  var out = (file: string | undefined, text: () => string) => {
    if (!file) return;
    if (file === '-') process.stdout.write(text());
    else writeAtomic(file, text());
  };
  out(opts.json, () => JSON.stringify(r, null, 2) + '\n');
  out(opts.markdown, () => markdown(r, budget));
  out(opts.html, () => html(r, budget));
  if (opts.history) appendHistory(opts.history, builds, currentCommit());
  var messages: string[] = [];
  if (budget) {
    for (var u of budget.unmatched) messages.push(`warning: budget '${u}' matches no build in this report`);
    for (var e of budget.exceeded) messages.push(exceededMessage(e));
  }
  return { report: r, budget, code: budget && budget.exceeded.length ? 1 : 0, messages };
}

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
