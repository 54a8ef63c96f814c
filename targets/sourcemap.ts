// A small Source Map v3 reader: finds the original position of a generated one, so the static
// check can name the device source (ops-registry/.../X.ts:line) a forbidden construct came from.
import * as fs from 'fs';
import * as path from 'path';

export interface Position { source: string; line: number; column: number }   // line 1-based, column 0-based

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var DIGIT: Record<string, number> = {};
for (var d = 0; d < B64.length; d++) DIGIT[B64[d]] = d;

// Each generated line: its segments [generatedColumn, sourceIndex, originalLine, originalColumn].
export class SourceMap {
  sources: string[];
  lines: number[][][];
  constructor(json: string | any, public base = '') {
    var m = typeof json === 'string' ? JSON.parse(json) : json;
    this.sources = (m.sources || []).map((s: string) => (m.sourceRoot || '') + s);
    this.lines = [];
    var src = 0, oline = 0, ocol = 0;
    for (var text of String(m.mappings || '').split(';')) {
      var segs: number[][] = [], gcol = 0;
      if (text) for (var seg of text.split(',')) {
        var v = vlq(seg);
        gcol += v[0];
        if (v.length >= 4) { src += v[1]; oline += v[2]; ocol += v[3]; segs.push([gcol, src, oline, ocol]); }
      }
      this.lines.push(segs);
    }
  }
  // The mapping at or before (line, column) on the same generated line.
  lookup(line: number, column: number): Position | null {
    var segs = this.lines[line - 1];
    if (!segs || !segs.length) return null;
    var lo = 0, hi = segs.length - 1, best = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (segs[mid][0] <= column) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (best < 0) best = 0;
    var s = segs[best];
    return { source: this.sources[s[1]], line: s[2] + 1, column: s[3] };
  }
}

function vlq(s: string): number[] {
  var out: number[] = [], value = 0, shift = 0;
  for (var i = 0; i < s.length; i++) {
    var digit = DIGIT[s[i]];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0; shift = 0;
    }
  }
  return out;
}

// Follows a bundle position back through the bundle's map (sources relative to the package root,
// i.e. dist/device/*.js) and then through tsc's map next to that file, to the TypeScript source.
export function originalSource(bundleMap: SourceMap | null, root: string, line: number, column: number): Position | null {
  if (!bundleMap) return null;
  var p = bundleMap.lookup(line, column);
  if (!p) return null;
  var js = path.resolve(root, p.source), mapFile = js + '.map';
  if (!fs.existsSync(mapFile)) return p;
  var cached = tscMaps.get(mapFile);
  if (!cached) tscMaps.set(mapFile, cached = new SourceMap(fs.readFileSync(mapFile, 'utf8')));
  var q = cached.lookup(p.line, p.column);
  if (!q) return p;
  return { source: path.relative(root, path.resolve(path.dirname(js), q.source)).split(path.sep).join('/'), line: q.line, column: q.column };
}
var tscMaps = new Map<string, SourceMap>();
