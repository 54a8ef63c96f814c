// The one source-map reader (on @jridgewell/trace-mapping, which terser already brings): the
// size report's bytes per original position, and the bundle check's way back from a bundle
// position to the TypeScript line it came from.
import * as fs from 'fs';
import * as path from 'path';
import { TraceMap, decodedMappings, originalPositionFor, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } from '@jridgewell/trace-mapping';

export interface RawSourceMap { version: number; sources: string[]; mappings: string; names?: string[] }

// One decoded segment: generated column and, when mapped, source index / original line / column
// (all 0-based; -1 when the segment maps to no source).
export interface Segment { col: number; src: number; line: number; ocol: number }

export function decodeMappings(map: RawSourceMap | string): Segment[][] {
  var lines = decodedMappings(new TraceMap(map as any)) as unknown as number[][][];
  return lines.map(segs => segs.map(s => s.length >= 4 ? { col: s[0], src: s[1], line: s[2], ocol: s[3] } : { col: s[0], src: -1, line: -1, ocol: -1 }));
}

export interface Span { src: number; line: number; col: number; bytes: number }   // src -1: unmapped

/**
 * Bytes of `code` attributed to each original position (source index, line, column; all
 * 0-based); src -1 collects unmapped bytes. A segment covers its generated line from its column
 * up to the next segment's; bytes before a line's first segment, segments without a source and
 * line breaks are unmapped. Columns count UTF-16 code units (the spec); spans are UTF-8 bytes, so
 * spans plus unmapped bytes add up to the file's byte length exactly.
 */
export function spans(code: string, map: RawSourceMap): Span[] {
  var segLines = decodeMappings(map);
  var codeLines = code.split('\n');
  var acc = new Map<string, Span>();
  var add = (src: number, line: number, col: number, bytes: number) => {
    if (!bytes) return;
    var key = src < 0 ? '-1' : src + ':' + line + ':' + col;
    var s = acc.get(key);
    if (s) s.bytes += bytes;
    else acc.set(key, src < 0 ? { src: -1, line: -1, col: -1, bytes } : { src, line, col, bytes });
  };
  for (var li = 0; li < codeLines.length; li++) {
    var text = codeLines[li], segs = segLines[li] || [];
    var first = segs.length ? Math.min(segs[0].col, text.length) : text.length;
    add(-1, -1, -1, Buffer.byteLength(text.slice(0, first), 'utf8'));
    for (var k = 0; k < segs.length; k++) {
      var start = Math.min(segs[k].col, text.length), end = k + 1 < segs.length ? Math.min(segs[k + 1].col, text.length) : text.length;
      var s = segs[k];
      if (s.src >= map.sources.length) throw new Error(`bad source map: source index ${s.src} out of range`);
      add(s.src, s.line, s.ocol, Buffer.byteLength(text.slice(start, end), 'utf8'));
    }
    if (li < codeLines.length - 1) add(-1, -1, -1, 1);   // the line break
  }
  return Array.from(acc.values());
}

export interface Position { source: string; line: number; column: number }   // line 1-based, column 0-based

// The mapping at or before (line, column) on its generated line, else the first one after it.
function lookup(map: TraceMap, line: number, column: number): Position | null {
  var p = originalPositionFor(map, { line, column, bias: GREATEST_LOWER_BOUND });
  if (p.source === null) p = originalPositionFor(map, { line, column, bias: LEAST_UPPER_BOUND });
  return p.source === null ? null : { source: p.source, line: p.line!, column: p.column! };
}

export function readMap(json: string | RawSourceMap): TraceMap { return new TraceMap(json as any); }

// Follows a bundle position back through the bundle's map (sources relative to the package root,
// i.e. dist/device/*.js) and then through tsc's map next to that file, to the TypeScript source.
export function originalSource(bundleMap: TraceMap | null, root: string, line: number, column: number): Position | null {
  if (!bundleMap) return null;
  var p = lookup(bundleMap, line, column);
  if (!p) return null;
  var js = path.resolve(root, p.source), mapFile = js + '.map';
  if (!fs.existsSync(mapFile)) return p;
  var cached = tscMaps.get(mapFile);
  if (!cached) tscMaps.set(mapFile, cached = readMap(fs.readFileSync(mapFile, 'utf8')));
  var q = lookup(cached, p.line, p.column);
  if (!q) return p;
  return { source: path.relative(root, path.resolve(path.dirname(js), q.source)).split(path.sep).join('/'), line: q.line, column: q.column };
}
var tscMaps = new Map<string, TraceMap>();
