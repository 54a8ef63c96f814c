// size: measure build folders (several make a matrix) and write the report as JSON / Markdown /
// HTML, diff against a baseline, check budgets, append history. Nothing is printed here.
import * as fs from 'fs';
import * as path from 'path';
import { writeAtomic } from '../base/files';
import { recoverInterrupted } from './write';
import { measureDir, report } from '../size-reports/report';
import { diffReports } from '../size-reports/diff';
import { parseReport, SizeReport } from '../size-reports/schema';
import { checkBudgets, exceededMessage, readBudget, BudgetResult } from '../size-reports/budget';
import { appendHistory, currentCommit } from '../size-reports/history';
import { markdown } from '../size-reports/markdown';
import { html } from '../size-reports/html';
import { userError } from '../base/errors';

export interface SizeOptions {
  dirs: string[];
  json?: string; markdown?: string; html?: string;
  baseline?: string; budget?: string; history?: string;
}

export interface SizeOutcome { report: SizeReport; budget: BudgetResult | null; code: number; messages: string[] }

/** Everything but printing: measure, diff, check, write the files asked for. */
export async function size(opts: SizeOptions): Promise<SizeOutcome> {
  var dirs = opts.dirs || [];
  if (!dirs.length) userError('size: name at least one build folder', 'INVALID_OPTION');
  var builds = [];
  var from = new Map<string, string>();
  for (var d of dirs) {
    recoverInterrupted(d);   // a build killed after its commit point is finished first
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

