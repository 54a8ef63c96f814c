// The report as GitHub-flavoured Markdown, for a job summary ($GITHUB_STEP_SUMMARY) or a PR
// comment: one summary table (a diff column per figure when there is a baseline), the budget
// checks, and per build a collapsed section with the memory split, the bundle's attribution and
// the model's composition.
import { BuildDiff, BuildEntry, MetricDiff, SizeReport, metric } from './schema';
import { BudgetResult, exceededMessage } from './budget';
import { Group } from './attribute';
import { bytes, delta } from './units';
import { EspruinoVariables } from './variables';

var COLUMNS: { path: string; label: string }[] = [
  { path: 'bundle.gzip', label: 'Runtime gzip' },
  { path: 'bundle.min', label: 'Runtime min' },
  { path: 'model.bytes', label: 'model.tnx' },
  { path: 'ram.arena', label: 'Arena' },
  { path: 'split.runtimeRam', label: 'Runtime RAM' },
];

export var GROUP_LABEL: Record<Group, string> = {
  kernel: 'Kernels', utils: 'Shared kernel utils', runtime: 'Runtime core (device/runtime)', format: 'Format reader (device/reader)',
  glue: 'Target glue', other: 'Other', unattributed: 'Unattributed / wrapper',
};

var cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
var code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
var share = (n: number, total: number) => total ? (n / total * 100).toFixed(1) + '%' : '';

function diffOf(d: BuildDiff | undefined, path: string): MetricDiff | undefined {
  return d ? d.metrics.find(m => m.path === path) : undefined;
}

export function markdown(r: SizeReport, budget?: BudgetResult | null): string {
  var out: string[] = [];
  var diffs = new Map<string, BuildDiff>();
  if (r.diff) for (var d of r.diff.builds) diffs.set(d.id, d);
  out.push('## tinyonnx size report', '');
  if (r.diff) {
    var n = (st: string) => r.diff!.builds.filter(b => b.status === st).length;
    var what = ['changed', 'new', 'removed'].filter(st => n(st)).map(st => `${n(st)} ${st}`).join(', ');
    out.push(`Compared with ${code(r.diff.baseline)}: ${what || 'no changes'}${n('unchanged') ? `, ${n('unchanged')} unchanged` : ''}. Sizes in bytes.`, '');
  } else out.push('Sizes in bytes.', '');

  var head = ['Build'], align = ['---'];
  for (var c of COLUMNS) { head.push(c.label); align.push('--:'); if (r.diff) { head.push('Δ'); align.push(':--'); } }
  out.push('| ' + head.join(' | ') + ' |', '| ' + align.join(' | ') + ' |');
  var rows: BuildEntry[] = r.builds.slice();
  for (var b of rows) {
    var line = [code(b.id)];
    for (var c of COLUMNS) {
      line.push(bytes(metric(b, c.path)));
      if (r.diff) { var md = diffOf(diffs.get(b.id), c.path); line.push(md ? cell(delta(md)) : ''); }
    }
    out.push('| ' + line.join(' | ') + ' |');
  }
  if (r.diff) for (var rd of r.diff.builds.filter(x => x.status === 'removed')) {
    var line = [code(rd.id) + ' (removed)'];
    for (var c of COLUMNS) { var rm = diffOf(rd, c.path)!; line.push("–", cell(delta(rm))); }
    out.push('| ' + line.join(' | ') + ' |');
  }
  if (r.builds.length > 1 || r.diff) {
    var line = ['**Total**'];
    for (var c of COLUMNS) {
      var vals = r.builds.map(b => metric(b, c.path)).filter(v => v !== null) as number[];
      line.push('**' + bytes(vals.length ? vals.reduce((a, v) => a + v, 0) : null) + '**');
      if (r.diff) { var t = r.diff.totals.find(m => m.path === c.path); line.push(t ? '**' + cell(delta(t)) + '**' : ''); }
    }
    out.push('| ' + line.join(' | ') + ' |');
  }
  out.push('');

  if (budget && (budget.checks.length || budget.unmatched.length)) {
    var bad = budget.exceeded.length;
    out.push(bad ? `**Budgets: ❌ ${bad} exceeded**, ${budget.checks.length - bad} within.` : `**Budgets: ✅ all ${budget.checks.length} within.**`, '');
    for (var e of budget.exceeded) out.push('- ' + cell(exceededMessage(e)));
    if (bad) out.push('');
    out.push('<details><summary>Budget checks</summary>', '', '| Build | Figure | Size | Budget | Headroom |', '| --- | --- | --: | --: | --: |');
    for (var ck of budget.checks)
      out.push(`| ${code(ck.id)} | ${ck.path} | ${bytes(ck.value)} | ${bytes(ck.limit)} | ${ck.ok ? '✅' : '❌'} ${ck.limit ? ((ck.limit - ck.value) / ck.limit * 100).toFixed(1) + '%' : ''} |`);
    for (var u of budget.unmatched) out.push(`| ${code(u)} | (matches no build) | | | ⚠️ |`);
    out.push('', '</details>', '');
  }

  for (var b of r.builds) out.push(...details(b, diffs.get(b.id)));
  return out.join('\n') + '\n';
}

function details(b: BuildEntry, d: BuildDiff | undefined): string[] {
  var out: string[] = [];
  var sum = [`${bytes(b.model.bytes)} B model`, `${bytes(b.ram.arena)} B arena`];
  if (b.bundle) sum.unshift(`${bytes(b.bundle.gzip)} B gzip runtime`);
  out.push(`<details><summary><b>${esc(b.id)}</b>: ${sum.join(', ')}</summary>`, '');
  var s = b.split;
  out.push('| Memory (split as STM32Cube.AI reports it) | Bytes |', '| --- | --: |',
    `| Activation RAM (arena; lower bound ${bytes(b.ram.lowerBound)}) | ${bytes(s.activationRam)} |`,
    `| Runtime RAM (kernel data ${bytes(b.ram.kernels)} + JS objects ≈${bytes(b.ram.objects)}) | ${bytes(s.runtimeRam)} |`,
    `| Weights flash | ${bytes(s.weightsFlash)} |`,
    `| Code flash (runtime ${bytes(b.bundle ? b.bundle.min : null)} + graph and metadata) | ${bytes(s.codeFlash)} |`, '');
  if (b.variables) out.push(variablesLine(b.variables), '');
  if (b.ram.total !== null)
    out.push(`A JS engine that loads model.tnx and the runtime into RAM needs about ${bytes(b.ram.total)} B (arena + runtime RAM + model ${bytes(b.ram.model)} + parsed code ≈${bytes(b.ram.code)}).`, '');
  if (b.bundle && b.attribution) {
    var total = b.bundle.min;
    out.push(`| Runtime part | Bytes (min) | Share |${d ? ' Δ |' : ''}`, `| --- | --: | --: |${d ? ' :-- |' : ''}`);
    for (var k of b.kernels) {
      var kd = d && d.kernels.find(x => x.path === k.op);
      var parts = [`own ${bytes(k.own)}`, `table ${bytes(k.table)}`].concat(k.utils.map(u => `${u.module} ${bytes(u.bytes)}`));
      out.push(`| Kernel ${code(k.op)} <sub>${esc(parts.join(', '))}</sub> | ${bytes(k.bytes)} | ${share(k.bytes, total)} |${d ? ' ' + (kd ? cell(delta(kd)) : '') + ' |' : ''}`);
    }
    if (d) for (var kd2 of d.kernels.filter(x => x.head === 0 && x.base)) out.push(`| Kernel ${code(kd2.path)} (removed) | 0 | |  ${cell(delta(kd2))} |`);
    var g = b.attribution.groups;
    for (var key of ['utils', 'runtime', 'format', 'glue', 'other', 'unattributed'] as Group[]) if (g[key] || key !== 'other')
      out.push(`| ${GROUP_LABEL[key]} | ${bytes(g[key])} | ${share(g[key], total)} |${d ? ' |' : ''}`);
    out.push(`| **Total (minified)** | **${bytes(total)}** | 100% |${d ? ' ' + cell(delta(diffOf(d, 'bundle.min') || { base: null, head: null, delta: null, pct: null })) + ' |' : ''}`);
    if (b.baseline) out.push(`| No-kernel baseline (createLoader, empty kernel table) | ${bytes(b.baseline.min)} | ${share(b.baseline.min, total)} |${d ? ' |' : ''}`);
    out.push('');
    out.push(`Runtime ${code(b.bundle.file)}: raw ${bytes(b.bundle.raw)}, min ${bytes(b.bundle.min)}, gzip -9 ${bytes(b.bundle.gzip)}, brotli q11 ${bytes(b.bundle.brotli)}.` +
      (b.baseline ? ` No-kernel baseline: min ${bytes(b.baseline.min)}, gzip ${bytes(b.baseline.gzip)}.` : ''), '');
  }
  var m = b.model;
  var dt = m.weights.byDtype.map(x => `${x.dtype} ${bytes(x.bytes)} (${x.tensors} tensors)`).join(', ') || 'none';
  out.push(`Model ${code(m.name)} → model.tnx ${bytes(m.bytes)} B${m.source ? ` (from ${bytes(m.source.bytes)} B .onnx)` : ''}: ` +
    `weights ${bytes(m.weights.bytes)} [${dt}], padding ${bytes(m.padding)}, graph ${bytes(m.graph.bytes)} ` +
    `(${m.graph.nodes} nodes, ${m.graph.tensors.activations + m.graph.tensors.constants + m.graph.tensors.empty} tensors, ${m.graph.ops.length} ops), metadata ${bytes(m.metadata.bytes)}.`, '');
  out.push('</details>', '');
  return out;
}

// An espruino build's JsVars: measured in the real interpreter, or the estimate, said so.
export function variablesLine(v: EspruinoVariables): string {
  var how = v.how === 'estimate' ? `estimated (no Espruino interpreter to measure in${v.error ? `: ${v.error}` : ''})` : 'measured in Espruino 2v29';
  return `Espruino variables (${how}): ${v.loaded === null ? '' : `${bytes(v.loaded)} after load, `}${bytes(v.run)} after a run, ` +
    `${bytes(v.free)} of ${bytes(v.total)} left for the application.`;
}

function esc(s: string): string { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
