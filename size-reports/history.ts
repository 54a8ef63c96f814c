// --history sizes.csv: one row per build appended to a CSV (header written when the file is new
// or empty), so a spreadsheet or a plot can follow sizes commit by commit.
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { BuildEntry, metric } from './schema';
import { userError } from '../base/errors';

export var HISTORY_COLUMNS: { name: string; path?: string }[] = [
  { name: 'commit' }, { name: 'target' }, { name: 'model' },
  { name: 'bundle_raw', path: 'bundle.raw' }, { name: 'bundle_min', path: 'bundle.min' },
  { name: 'bundle_gzip', path: 'bundle.gzip' }, { name: 'bundle_brotli', path: 'bundle.brotli' },
  { name: 'baseline_min', path: 'baseline.min' }, { name: 'model_bytes', path: 'model.bytes' },
  { name: 'weights_bytes', path: 'model.weights.bytes' }, { name: 'graph_bytes', path: 'model.graph.bytes' },
  { name: 'arena', path: 'ram.arena' }, { name: 'lower_bound', path: 'ram.lowerBound' },
  { name: 'runtime_ram', path: 'split.runtimeRam' }, { name: 'weights_flash', path: 'split.weightsFlash' },
  { name: 'code_flash', path: 'split.codeFlash' },
];
export var HISTORY_HEADER = HISTORY_COLUMNS.map(c => c.name).join(',');

/** `git rev-parse HEAD` in `cwd`, or 'unknown' (not a repository, no git). */
export function currentCommit(cwd = process.cwd()): string {
  try {
    var out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8', timeout: 10000 }).trim();
    return /^[0-9a-f]{7,64}$/.test(out) ? out : 'unknown';
  } catch (e) { return 'unknown'; }
}

function csvField(v: string): string { return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }

export function historyRows(builds: BuildEntry[], commit: string): string[] {
  return builds.map(b => HISTORY_COLUMNS.map(c => {
    if (c.name === 'commit') return csvField(commit);
    if (c.name === 'target') return csvField(b.target);
    if (c.name === 'model') return csvField(b.model.name);
    var v = metric(b, c.path!);
    return v === null ? '' : String(v);
  }).join(','));
}

export function appendHistory(file: string, builds: BuildEntry[], commit: string) {
  var existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  var firstLine = existing.split(/\r?\n/)[0];
  if (existing.trim() && firstLine !== HISTORY_HEADER)
    userError(`${file}: its header is not this version's (${HISTORY_HEADER}); start a new history file`);
  var rows = historyRows(builds, commit).join('\n') + '\n';
  if (!existing.trim()) fs.writeFileSync(file, HISTORY_HEADER + '\n' + rows);
  else fs.appendFileSync(file, (existing.endsWith('\n') ? '' : '\n') + rows);
}
