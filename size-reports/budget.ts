// Size budgets (--budget size-budget.json): limits per build, checked against a report.
//
//   { "version": 1,
//     "budgets": {
//       "alexa_v0.1.onnx/node": { "bundle.gzip": 4800, "model.bytes": "900 kB", "ram.arena": 14000 },
//       "*/espruino":           { "bundle.min": "12 KiB" } } }
//
// Keys are build ids (`model/target`); `*` matches any run of characters, and every matching
// entry applies. Figures are any numeric field of a build entry by dotted path (BUDGET_PATHS);
// limits are bytes, as a number or a string with a unit (B, kB, KiB, MB, MiB).
import * as fs from 'fs';
import { BuildEntry, METRICS, metric } from './schema';
import { parseBytes } from './units';
import { userError } from '../base/errors';

export var BUDGET_VERSION = 1;
export var BUDGET_PATHS = Array.from(new Set(METRICS.map(m => m.path).concat([
  'bundle.min', 'baseline.min', 'baseline.gzip', 'baseline.brotli', 'model.padding', 'model.metadata.bytes',
  'ram.kernels', 'ram.objects', 'ram.runtime', 'ram.model', 'ram.code', 'ram.total', 'split.activationRam',
]))).sort();

export interface Budget { pattern: string; limits: { path: string; limit: number }[] }
export interface BudgetCheck { id: string; path: string; value: number; limit: number; ok: boolean; pattern: string }
export interface BudgetResult { checks: BudgetCheck[]; exceeded: BudgetCheck[]; unmatched: string[]; skipped: string[] }

export function readBudget(file: string): Budget[] {
  if (!fs.existsSync(file)) userError(`${file}: no such budget file`);
  var j: any;
  try { j = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e: any) { userError(`${file}: not JSON (${e.message})`); }
  return parseBudget(j, file);
}

export function parseBudget(j: any, file: string): Budget[] {
  if (!j || typeof j !== 'object' || !j.budgets || typeof j.budgets !== 'object' || Array.isArray(j.budgets))
    userError(`${file}: expected { "version": ${BUDGET_VERSION}, "budgets": { "<model>/<target>": { "bundle.gzip": bytes, ... } } }`);
  if (j.version !== undefined && j.version !== BUDGET_VERSION) userError(`${file}: budget file version ${j.version} is not supported (expected ${BUDGET_VERSION})`);
  var out: Budget[] = [];
  for (var pattern of Object.keys(j.budgets)) {
    var entry = j.budgets[pattern];
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) userError(`${file}: budget '${pattern}' must be an object of limits`);
    var limits: Budget['limits'] = [];
    for (var p of Object.keys(entry)) {
      if (p.startsWith('//') || p === 'comment') continue;   // room for notes
      if (BUDGET_PATHS.indexOf(p) < 0) userError(`${file}: budget '${pattern}': '${p}' is not a size figure (one of ${BUDGET_PATHS.join(', ')})`);
      var limit = parseBytes(entry[p]);
      if (isNaN(limit)) userError(`${file}: budget '${pattern}': ${p} limit ${JSON.stringify(entry[p])} is not a byte size (a number, or e.g. "4 kB", "3.5 KiB")`);
      limits.push({ path: p, limit });
    }
    out.push({ pattern, limits });
  }
  return out;
}

function globRegExp(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

export function checkBudgets(builds: BuildEntry[], budgets: Budget[]): BudgetResult {
  var checks: BudgetCheck[] = [], unmatched: string[] = [], skipped: string[] = [];
  for (var b of budgets) {
    var re = globRegExp(b.pattern), any = false;
    for (var build of builds) {
      if (!re.test(build.id)) continue;
      any = true;
      for (var l of b.limits) {
        var v = metric(build, l.path);
        if (v === null) { skipped.push(`${build.id} ${l.path}`); continue; }
        checks.push({ id: build.id, path: l.path, value: v, limit: l.limit, ok: v <= l.limit, pattern: b.pattern });
      }
    }
    if (!any) unmatched.push(b.pattern);
  }
  return { checks, exceeded: checks.filter(c => !c.ok), unmatched, skipped };
}

/** 'budget exceeded: alexa_v0.1.onnx/node bundle.gzip 4012 B > 4000 B (+0.3%)' */
export function exceededMessage(c: BudgetCheck): string {
  var over = c.limit > 0 ? (c.value - c.limit) / c.limit * 100 : Infinity;
  var p = isFinite(over) ? `+${over < 0.1 ? over.toFixed(2) : over.toFixed(1)}%` : 'over a 0 B budget';
  return `budget exceeded: ${c.id} ${c.path} ${c.value} B > ${c.limit} B (${p})`;
}
