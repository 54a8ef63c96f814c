// The house plan, checked: the floors import only downward, device code imports nothing from the
// host, nothing imports cli/, and no module imports itself through others (docs/architecture.md).
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';

var ROOT = path.join(__dirname, '..');
// Bottom to top: a folder may import its own floor and those below it.
var FLOORS = ['device', 'base', 'format', 'converter', 'targets', 'size-reports', 'api', 'conformance', 'fuzz', 'cli'];
// Modules an engine provides itself (Espruino's flash storage), not packages.
var ENGINE_MODULES = ['Storage'];

function sources(dir: string, out: string[] = []): string[] {
  for (var name of fs.readdirSync(path.join(ROOT, dir)).sort()) {
    var rel = dir + '/' + name;
    if (fs.statSync(path.join(ROOT, rel)).isDirectory()) sources(rel, out);
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(rel);
  }
  return out;
}

// Every import of a module: relative ones resolved to a repo path, packages by name.
function importsOf(file: string): { spec: string; target: string | null }[] {
  var text = fs.readFileSync(path.join(ROOT, file), 'utf8'), out: { spec: string; target: string | null }[] = [];
  // type-only imports (`import type`, a type written `import('x').T`) are erased: no edge at run time
  var re = /(?:^|\n)\s*(?:import|export)(?!\s+type\b)[^'"\n;]*?from\s*'([^']+)'|require\(\s*'([^']+)'\s*\)|import\(\s*'([^']+)'\s*\)(?!\.)/g, m;
  while ((m = re.exec(text))) {
    var spec = m[1] || m[2] || m[3];
    if (!spec.startsWith('.')) { out.push({ spec, target: null }); continue; }
    var base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '');
    var hit = [base + '.ts', base + '/index.ts', base].find(c => fs.existsSync(path.join(ROOT, c)) && fs.statSync(path.join(ROOT, c)).isFile());
    out.push({ spec, target: hit || base });
  }
  return out;
}

var files = FLOORS.flatMap(f => sources(f)).filter(f => !f.startsWith('format/generated/'));
var graph = new Map(files.map(f => [f, importsOf(f)]));
var floorOf = (f: string) => FLOORS.indexOf(f.split('/')[0]);

describe('imports follow the house plan', () => {
  it('device code imports only device code (no host module, no package)', () => {
    var bad: string[] = [];
    for (var [f, deps] of graph) if (f.startsWith('device/'))
      for (var d of deps) if (d.target ? !d.target.startsWith('device/') : ENGINE_MODULES.indexOf(d.spec) < 0) bad.push(`${f} imports '${d.spec}'`);
    expect(bad).toEqual([]);
  });

  it('no folder imports a floor above it, and nothing imports cli/', () => {
    var bad: string[] = [];
    for (var [f, deps] of graph) for (var d of deps) {
      if (!d.target || floorOf(d.target) < 0) continue;
      if (floorOf(d.target) > floorOf(f)) bad.push(`${f} imports '${d.spec}' (a higher floor)`);
      if (d.target.startsWith('cli/') && !f.startsWith('cli/')) bad.push(`${f} imports '${d.spec}' (cli/)`);
    }
    for (var dir of ['bench'])
      for (var t of sources(dir)) for (var d2 of importsOf(t)) if (d2.target && d2.target.includes('cli/')) bad.push(`${t} imports '${d2.spec}' (cli/)`);
    expect(bad).toEqual([]);
  });

  it('no import cycles', () => {
    // Tarjan's strongly connected components over the module graph.
    var index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
    var cycles: string[][] = [], n = 0;
    var visit = (v: string) => {
      index.set(v, n); low.set(v, n); n++; stack.push(v); on.add(v);
      for (var d of graph.get(v) || []) {
        var w = d.target;
        if (!w || !graph.has(w)) continue;
        if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
        else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        var comp: string[] = [], x: string;
        do { x = stack.pop()!; on.delete(x); comp.push(x); } while (x !== v);
        if (comp.length > 1) cycles.push(comp.sort());
      }
    };
    for (var f of files) if (!index.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('every relative import resolves to a file', () => {
    var bad: string[] = [];
    for (var [f, deps] of graph) for (var d of deps)
      if (d.target && !fs.existsSync(path.join(ROOT, d.target)) && !fs.existsSync(path.join(ROOT, d.target + '.ts')) && !/\$\{/.test(d.spec)) bad.push(`${f}: '${d.spec}'`);
    expect(bad).toEqual([]);
  });
});
