// The report as one self-contained HTML page (inline CSS and SVG; no scripts, fonts, images or
// network): a summary table, then per build the four-way memory split, an SVG treemap of the
// minified runtime by part (kernels, shared utils, runtime core, format reader, glue) and an SVG
// chart of what model.tnx and the device's memory are made of. Hover any box for details.
import { BuildDiff, BuildEntry, SizeReport, metric } from './schema';
import { BudgetResult, exceededMessage } from './budget';
import { GROUP_LABEL, variablesLine } from './markdown';
import { EspruinoVariables } from './variables';
import { Group, GROUPS } from './attribute';
import { squarify, Rect } from './treemap';
import { bytes, delta } from './units';

var esc = (s: string) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
var f1 = (n: number) => (Math.round(n * 10) / 10).toString();

export var GROUP_COLOR: Record<Group, string> = {
  kernel: '#3b6fb6', utils: '#e08a2c', runtime: '#3f9a55', format: '#2aa5a0', glue: '#c9a227', other: '#9b6aa8', unattributed: '#9a948f',
};
var DTYPE_COLORS = ['#3b6fb6', '#5b8fd6', '#7fb0ee', '#1f4f8f', '#a9c8f2'];

var SUMMARY: { path: string; label: string }[] = [
  { path: 'bundle.gzip', label: 'Runtime gzip' }, { path: 'bundle.brotli', label: 'brotli' }, { path: 'bundle.min', label: 'min' },
  { path: 'model.bytes', label: 'model.tnx' }, { path: 'ram.arena', label: 'Arena' }, { path: 'split.runtimeRam', label: 'Runtime RAM' },
];

var CSS = `
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:24px auto;max-width:1000px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.muted{color:#656d76}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 8px}th{background:#f6f8fa;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#cf222e}.down{color:#1a7f37}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:200px;flex:1}
.card b{display:block;font-size:20px;font-variant-numeric:tabular-nums}.card span{color:#656d76;font-size:12px}
svg text{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;margin:4px 0}.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.bad{color:#cf222e;font-weight:600}.ok{color:#1a7f37}
`;

function diffCell(d: BuildDiff | undefined, path: string): string {
  var m = d && d.metrics.find(x => x.path === path);
  if (!m) return '';
  var cls = m.delta && m.delta > 0 ? 'up' : m.delta && m.delta < 0 ? 'down' : '';
  return `<td class="${cls}">${esc(delta(m))}</td>`;
}

export function html(r: SizeReport, budget?: BudgetResult | null): string {
  var diffs = new Map<string, BuildDiff>();
  if (r.diff) for (var d of r.diff.builds) diffs.set(d.id, d);
  var o: string[] = [];
  o.push('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>tinyonnx size report</title><style>${CSS}</style></head><body>`);
  o.push(`<h1>tinyonnx size report</h1><p class="muted">${esc(r.generator)} · schema v${r.version} · ${r.builds.length} build${r.builds.length === 1 ? '' : 's'}` +
    (r.diff ? ` · compared with <code>${esc(r.diff.baseline)}</code>` : '') + ' · sizes in bytes</p>');
  o.push('<table class="summary"><thead><tr><th>Build</th>' + SUMMARY.map(c => `<th>${esc(c.label)}</th>` + (r.diff ? '<th>Δ</th>' : '')).join('') + '</tr></thead><tbody>');
  for (var b of r.builds) {
    o.push(`<tr><td><a href="#${anchor(b.id)}"><code>${esc(b.id)}</code></a></td>` +
      SUMMARY.map(c => `<td class="n">${bytes(metric(b, c.path))}</td>` + (r.diff ? diffCell(diffs.get(b.id), c.path) : '')).join('') + '</tr>');
  }
  o.push('</tbody></table>');
  if (budget && budget.checks.length) {
    o.push(budget.exceeded.length ? `<p class="bad">Budgets: ${budget.exceeded.length} exceeded</p><ul>` + budget.exceeded.map(e => `<li>${esc(exceededMessage(e))}</li>`).join('') + '</ul>'
      : `<p class="ok">Budgets: all ${budget.checks.length} within.</p>`);
  }
  for (var b of r.builds) o.push(section(b, diffs.get(b.id)));
  o.push('</body></html>');
  return o.join('\n') + '\n';
}

function anchor(id: string): string { return 'b-' + id.replace(/[^A-Za-z0-9_-]/g, '_'); }

function card(title: string, value: number | null, note: string): string {
  return `<div class="card"><span>${esc(title)}</span><b>${bytes(value)}</b><span>${esc(note)}</span></div>`;
}

// Espruino JsVars left of the board's 12,000 after a run (measured, or the estimate: the note says).
function variablesCard(v: EspruinoVariables): string {
  return `<div class="card"><span>Espruino variables free</span><b>${bytes(v.free)}</b><span>${esc(`of ${bytes(v.total)}; ${bytes(v.run)} used after a run` +
    (v.how === 'estimate' ? ' (estimate)' : ' (measured)'))}</span></div>`;
}

function section(b: BuildEntry, d: BuildDiff | undefined): string {
  var o: string[] = [];
  o.push(`<section class="build" id="${anchor(b.id)}"><h2>${esc(b.id)}</h2>`);
  var s = b.split;
  o.push('<div class="cards">' +
    card('Activation RAM', s.activationRam, `arena; lower bound ${bytes(b.ram.lowerBound)}`) +
    card('Runtime RAM', s.runtimeRam, `kernel data ${bytes(b.ram.kernels)} + JS objects ≈${bytes(b.ram.objects)}`) +
    card('Weights flash', s.weightsFlash, `${b.model.weights.tensors} constant tensors`) +
    card('Code flash', s.codeFlash, `runtime ${bytes(b.bundle ? b.bundle.min : null)} + graph ${bytes(b.model.graph.bytes + b.model.metadata.bytes)}`) +
    (b.variables ? variablesCard(b.variables) : '') + '</div>');
  if (b.variables) o.push(`<p>${esc(variablesLine(b.variables))}</p>`);
  if (b.bundle && b.attribution) {
    o.push(`<h3>Runtime <code>${esc(b.bundle.file)}</code>: ${bytes(b.bundle.min)} B minified · ${bytes(b.bundle.gzip)} gzip · ${bytes(b.bundle.brotli)} brotli · raw ${bytes(b.bundle.raw)}` +
      (b.baseline ? ` <span class="muted">(no-kernel baseline ${bytes(b.baseline.min)} min)</span>` : '') + '</h3>');
    o.push(treemap(b));
    o.push('<div class="legend">' + GROUPS.filter(g => b.attribution!.groups[g]).map(g =>
      `<span><i style="background:${GROUP_COLOR[g]}"></i>${esc(GROUP_LABEL[g])} ${bytes(b.attribution!.groups[g])}</span>`).join('') + '</div>');
    o.push('<table class="kernels"><thead><tr><th>Kernel</th><th>Bytes</th><th>Own file</th><th>Table</th><th>Only-used utilities</th>' + (d ? '<th>Δ</th>' : '') + '</tr></thead><tbody>');
    for (var k of b.kernels) {
      var kd = d && d.kernels.find(x => x.path === k.op);
      o.push(`<tr><td><code>${esc(k.op)}</code></td><td class="n">${bytes(k.bytes)}</td><td class="n">${bytes(k.own)}</td><td class="n">${bytes(k.table)}</td><td>${esc(k.utils.map(u => `${u.module} ${bytes(u.bytes)}`).join(', '))}</td>` +
        (d ? `<td>${kd ? esc(delta(kd)) : ''}</td>` : '') + '</tr>');
    }
    o.push('</tbody></table>');
  }
  o.push('<h3>Model and memory composition</h3>');
  o.push(composition(b));
  var m = b.model;
  o.push(`<p class="muted">model.tnx ${bytes(m.bytes)} B${m.source ? ` from ${bytes(m.source.bytes)} B of ONNX` : ''}; ${m.graph.nodes} nodes` +
    `${m.graph.subgraphs ? ` (${m.graph.subgraphs} subgraphs)` : ''}, ${m.graph.tensors.activations} activations, ${m.graph.tensors.constants} constants; ops: ` +
    esc(m.graph.ops.map(x => `${x.op} ×${x.nodes}`).join(', ')) + '</p>');
  o.push('</section>');
  return o.join('\n');
}

// Two levels: the parts (groups), then their entries (one box per kernel, per module elsewhere).
function treemap(b: BuildEntry): string {
  var W = 960, H = 440, HEAD = 18;
  var a = b.attribution!, total = b.bundle!.min;
  var groups = GROUPS.map(g => {
    var children: { name: string; value: number; tip: string }[] = [];
    if (g === 'kernel') for (var k of b.kernels) children.push({ name: k.op, value: k.bytes,
      tip: `kernel ${k.op} (${k.file}): ${bytes(k.bytes)} B = own ${bytes(k.own)} + table ${bytes(k.table)}` + k.utils.map(u => ` + ${u.module} ${bytes(u.bytes)}`).join('') });
    else for (var e of a.entries) if (e.group === g) children.push({ name: e.name, value: e.bytes, tip: `${e.name}: ${bytes(e.bytes)} B` });
    return { group: g, value: a.groups[g], children };
  });
  var o: string[] = [];
  o.push(`<svg class="treemap" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="treemap of the minified runtime bundle, ${total} bytes">`);
  for (var g of squarify(groups, { x: 0, y: 0, w: W, h: H })) {
    var r = g.rect, color = GROUP_COLOR[g.group];
    var label = `${GROUP_LABEL[g.group]} ${bytes(g.value)} B (${f1(g.value / total * 100)}%)`;
    o.push(`<g class="group" data-group="${g.group}" data-bytes="${g.value}"><title>${esc(label)}</title>`);
    o.push(`<rect x="${f1(r.x)}" y="${f1(r.y)}" width="${f1(r.w)}" height="${f1(r.h)}" fill="${color}" stroke="#fff" stroke-width="2"/>`);
    var head = r.h > HEAD * 2 && r.w > 60;
    if (head) o.push(text(r.x + 5, r.y + 13, label, r.w - 10, '#fff', 12, true));
    var inner: Rect = head ? { x: r.x + 2, y: r.y + HEAD, w: r.w - 4, h: r.h - HEAD - 2 } : { x: r.x + 2, y: r.y + 2, w: r.w - 4, h: r.h - 4 };
    var kids = squarify(g.children, inner);
    kids.forEach((c, i) => {
      var q = c.rect, shade = 0.12 + 0.22 * (i % 4) / 3;
      o.push(`<g class="leaf" data-bytes="${c.value}"><title>${esc(c.tip)}</title>` +
        `<rect x="${f1(q.x)}" y="${f1(q.y)}" width="${f1(Math.max(0, q.w))}" height="${f1(Math.max(0, q.h))}" fill="#fff" fill-opacity="${shade.toFixed(2)}" stroke="${color}" stroke-width="1"/>`);
      if (q.w > 46 && q.h > 26) {
        o.push(text(q.x + 4, q.y + 14, c.name, q.w - 8, '#fff', 11, false));
        o.push(text(q.x + 4, q.y + 26, bytes(c.value) + ' B', q.w - 8, '#eef', 10, false));
      } else if (q.w > 46 && q.h > 13) o.push(text(q.x + 4, q.y + 11, c.name, q.w - 8, '#fff', 10, false));
      o.push('</g>');
    });
    o.push('</g>');
  }
  o.push('</svg>');
  return o.join('\n');
}

function text(x: number, y: number, s: string, maxW: number, fill: string, size: number, bold: boolean): string {
  var fit = Math.max(0, Math.floor(maxW / (size * 0.6)));
  var t = s.length > fit ? (fit > 1 ? s.slice(0, fit - 1) + '…' : '') : s;
  if (!t) return '';
  return `<text x="${f1(x)}" y="${f1(y)}" fill="${fill}" font-size="${size}"${bold ? ' font-weight="600"' : ''} style="pointer-events:none">${esc(t)}</text>`;
}

// Stacked bars: model.tnx by part, then flash and RAM as the device sees them.
function composition(b: BuildEntry): string {
  var m = b.model;
  var modelParts = m.weights.byDtype.map((d, i) => ({ label: `weights ${d.dtype}`, value: d.bytes, color: DTYPE_COLORS[i % DTYPE_COLORS.length] }))
    .concat([{ label: 'alignment padding', value: m.padding, color: '#c8c8c8' },
      { label: 'graph (tensors, nodes, attributes)', value: m.graph.bytes, color: '#e08a2c' },
      { label: 'metadata', value: m.metadata.bytes, color: '#9b6aa8' }]);
  var flash = [{ label: 'weights flash', value: b.split.weightsFlash, color: '#3b6fb6' },
    { label: 'code flash: runtime bundle', value: b.bundle ? b.bundle.min : 0, color: '#3f9a55' },
    { label: 'code flash: graph and metadata', value: m.bytes - b.split.weightsFlash, color: '#e08a2c' }];
  var ram = [{ label: 'activation RAM (arena)', value: b.ram.arena, color: '#cf5b3e' },
    { label: 'runtime RAM: kernel data', value: b.ram.kernels || 0, color: '#c9a227' },
    { label: 'runtime RAM: JS objects (est.)', value: b.ram.objects, color: '#9a948f' }];
  var rows = [{ name: 'model.tnx', parts: modelParts }, { name: 'Flash', parts: flash }, { name: 'RAM', parts: ram }];
  var W = 960, LABEL = 90, BAR = 26, GAP = 34, H = rows.length * GAP + 6;
  var o: string[] = [`<svg class="composition" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="model and memory composition">`];
  rows.forEach((row, i) => {
    var y = 4 + i * GAP, total = row.parts.reduce((s, p) => s + p.value, 0), x = LABEL;
    o.push(`<text x="0" y="${y + 17}" font-size="12" font-weight="600" fill="#1f2328">${esc(row.name)}</text>`);
    o.push(`<rect x="${LABEL}" y="${y}" width="${W - LABEL - 100}" height="${BAR}" fill="#f6f8fa" stroke="#d0d7de"/>`);
    for (var p of row.parts) {
      if (!p.value || !total) continue;
      var w = Math.max(1, (W - LABEL - 100) * p.value / total);
      o.push(`<g class="part"><title>${esc(`${p.label}: ${bytes(p.value)} B (${f1(p.value / total * 100)}%)`)}</title><rect x="${f1(x)}" y="${y}" width="${f1(w)}" height="${BAR}" fill="${p.color}"/>` +
        (w > 70 ? text(x + 4, y + 17, p.label, w - 8, '#fff', 11, false) : '') + '</g>');
      x += w;
    }
    o.push(`<text x="${W - 94}" y="${y + 17}" font-size="12" fill="#1f2328">${bytes(total)} B</text>`);
  });
  o.push('</svg>');
  var all = modelParts.concat(flash.slice(1), ram).filter(p => p.value);
  o.push('<div class="legend">' + all.map(p => `<span><i style="background:${p.color}"></i>${esc(p.label)} ${bytes(p.value)}</span>`).join('') + '</div>');
  return o.join('\n');
}
