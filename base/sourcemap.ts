// Source map v3 → bytes of generated code per original (source, line). A mapping segment covers
// its generated line from its column up to the next segment's column (the last one to the end of
// the line); bytes before a line's first segment, segments without a source, and line breaks are
// "unmapped". Columns count UTF-16 code units (the spec); spans are measured in UTF-8 bytes, so
// the spans plus the unmapped bytes always add up to the file's byte length exactly.

export interface RawSourceMap { version: number; sources: string[]; mappings: string; names?: string[] }

// One decoded segment: generated column and, when mapped, source index / original line / column.
export interface Segment { col: number; src: number; line: number; ocol: number }

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var DIGIT: Record<string, number> = {};
for (var i = 0; i < B64.length; i++) DIGIT[B64[i]] = i;

/** Decodes the `mappings` string: one array of segments per generated line (absolute values). */
export function decodeMappings(mappings: string): Segment[][] {
  var lines: Segment[][] = [], line: Segment[] = [];
  var src = 0, oline = 0, ocol = 0, col = 0, p = 0, n = mappings.length;
  var fields: number[] = [];
  while (p <= n) {
    var ch = mappings[p];
    if (p === n || ch === ';') { lines.push(line); line = []; col = 0; p++; continue; }
    if (ch === ',') { p++; continue; }
    fields.length = 0;
    while (p < n && mappings[p] !== ',' && mappings[p] !== ';') {
      var value = 0, shift = 0, digit: number;
      do {
        digit = DIGIT[mappings[p++]];
        if (digit === undefined) throw new Error(`bad source map: invalid base64 digit at ${p - 1}`);
        value += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit & 32);
      fields.push(value % 2 ? -(value - 1) / 2 : value / 2);
    }
    if (fields.length !== 1 && fields.length !== 4 && fields.length !== 5) throw new Error(`bad source map: segment with ${fields.length} fields`);
    col += fields[0];
    if (fields.length === 1) line.push({ col, src: -1, line: -1, ocol: -1 });
    else {
      src += fields[1]; oline += fields[2]; ocol += fields[3];
      line.push({ col, src, line: oline, ocol });
    }
  }
  return lines;
}

export interface Span { src: number; line: number; col: number; bytes: number }   // src -1: unmapped

/**
 * Bytes of `code` attributed to each original position (source index, line, column; all
 * 0-based); src -1 collects unmapped bytes. Spans from the same position are merged.
 */
export function spans(code: string, map: RawSourceMap): Span[] {
  var segLines = decodeMappings(map.mappings);
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
    var text = codeLines[li], segs = (segLines[li] || []).slice().sort((a, b) => a.col - b.col);
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
