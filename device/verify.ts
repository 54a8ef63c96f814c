// Verifier for .tnx bytes (format/tinyonnx.fbs), as the FlatBuffers Verifier: load() runs it
// before the reader and before any typed-array view is made. It walks every table, vector and
// string the reader will follow and checks each against the file, then every index, arena
// offset + size, alignment, bank boundary, dtype code, rank and element count against the
// plan. Anything off throws one line: `corrupt model: <what>, <where>`. Hand-written ES5.
//
// Cost: linear in the file's tables (constant data is not read); a work budget (2 x file size
// of vector and string bytes) and a depth limit of 16 (as the reader's) bound it on any input.
// About 4.3 KB minified, 2.1 KB gzipped; on Node about the reader's own time.
// A file whose identifier or version the reader refuses is left to the reader's message.

import { ARRAY_OF, DTYPE_NAME, bytesPer } from './dtype';

// `bytes` is the file or its head (then `size` is the whole file's size), as readModel takes it.
export function verifyModel(bytes: Uint8Array, size?: number): void {
  var n = bytes.length, N = size || n, i: number, M = 'model',
    root: number, vf: number, ops: number[], nOps = 0, T: number[], nT = 0, arena = 0, bank = 0, data = 0, d: number, g: number, md: number[], o: number, kv: number;
  var r = flatReader(bytes, 2 * n), bad = r.bad, at = r.at, u32 = r.u32, i32 = r.i32, u16 = r.u16, table = r.table, fld = r.fld,
    int = r.int, byte = r.byte, vec = r.vec, str = r.str, strs = r.strs, ints = r.ints;

  function tensor(t: number, i: number): void {
    var w = 'tensor ' + i, nm = str(t, 0, w), dt = byte(t, 1, w), sh = vec(t, 2, 4, w), kind = byte(t, 3, w);
    var off = fld(t, 4, 4, w) ? u32(fld(t, 4, 4, w), w) : 0, C = ARRAY_OF[dt], es = C ? bytesPer(dt) : 0, m = 1, k: number, x: number;
    w += " '" + nm + "'";
    if (!DTYPE_NAME[dt]) bad('dtype code ' + dt, w);
    if (sh[1] > 32) bad('rank ' + sh[1] + ' (at most 32)', w);
    for (k = 0; k < sh[1]; k++) {
      if ((x = i32(sh[0] + 4 * k, w)) < 0) bad('negative dimension ' + x, w);
      m *= x;
    }
    if (m * (es || 1) > 2147483647) bad(m + ' elements', w);
    var q = fld(t, 5, 4, w), ns = strs(t, 6, w);
    if (q) {
      q = table(q, w);
      var sc = vec(q, 0, 4, w), ax = int(q, 2, -1, w);
      vec(q, 1, 4, w);
      if (!(ax >= -1 && ax < sh[1])) bad('quantization axis ' + ax + ' for rank ' + sh[1], w);
      if (ax >= 0 && sc[1] != i32(sh[0] + 4 * ax, w)) bad(sc[1] + ' scales for ' + i32(sh[0] + 4 * ax, w) + ' channels', w);
    }
    if (off % (es || 1)) bad('offset ' + off + ' not aligned to ' + es + ' bytes', w);
    if (kind == 0) {
      if (off + m * es > arena) bad('arena slot ' + off + '+' + m * es + ' outside the ' + arena + '-byte arena', w);
      if (bank && off % bank + m * es > bank) bad('arena slot ' + off + '+' + m * es + ' crosses a ' + bank + '-byte bank', w);
    } else if (kind == 1) {
      if (C ? ns || off + m * es > data : ns != m) bad('constant ' + off + '+' + m * es + ' outside the ' + data + '-byte data (' + ns + ' strings)', w);
    } else if (kind != 2) bad('tensor kind ' + kind, w);
  }
  // a node; its subgraphs go on `todo` (walked by a loop, not by recursion: no closure cycle
  // for QuickJS's reference counting to leave behind after load)
  function node(p: number, w: string, dep: number, todo: any[]): void {
    var op = fld(p, 0, 2, w) ? u16(fld(p, 0, 2, w), w) : 0, as: number[], k: number, a: number, ty: number, nm: string, gs: number[], x: number;
    w += " '" + str(p, 1, w, true) + "'";
    if (op >= nOps) bad('op index ' + op + ' past the ' + nOps + '-entry op table', w);
    ints(p, 2, -1, nT, 'input tensor', w);
    ints(p, 3, -1, nT, 'output tensor', w);
    as = vec(p, 4, 4, w);
    for (k = 0; k < as[1]; k++) {
      a = table(as[0] + 4 * k, w);
      nm = str(a, 0, w);
      ty = byte(a, 1, w);
      if (nm == '__proto__' || !(ty > 0 && ty < 11 && ty != 9)) bad("attribute '" + nm + "' of type " + ty, w);
      if (ty == 4 && !((x = int(a, 8, -1, w)) >= 0 && x < nT)) bad("attribute '" + nm + "' tensor " + x + ' out of range', w);
      if (ty == 3) str(a, 4, w);
      if (ty > 5 && ty < 8) vec(a, ty - 1, 4, w);
      if (ty == 8) strs(a, 7, w);
      gs = vec(a, 9, 4, w);
      if (ty == 5 && gs[1] != 1) bad("graph attribute '" + nm + "' has " + gs[1] + ' graphs', w);
      if (ty == 5 || ty == 10) for (var j = 0; j < gs[1]; j++) todo.push([table(gs[0] + 4 * j, w), w + " attribute '" + nm + "'", dep + 1]);
    }
  }
  // not a tinyonnx file at all: the reader says so. (This return stands after the function
  // statements: Espruino defines them only when their statement runs.)
  if (n < 12 || bytes[4] != 84 || bytes[5] != 78 || bytes[6] != 88 || bytes[7] != 49) return;
  root = table(0, 'root');
  vf = fld(root, 0, 4, M);
  if (!vf || u32(vf, M) != 1) return;   // the reader says why
  ops = vec(root, 1, 4, M), nOps = ops[1], T = vec(root, 2, 4, M), nT = T[1];
  arena = fld(root, 4, 4, M) ? u32(fld(root, 4, 4, M), M) : 0, bank = fld(root, 9, 4, M) ? u32(fld(root, 9, 4, M), M) : 0;
  if (arena > 2147483647) bad('arena_size ' + arena + ' is over 2 GB', M);
  if (bank && (bank < 16 || bank % 16)) bad('arena_bank ' + bank + ' is not a multiple of 16', M);
  if (bank && Math.ceil(arena / bank) > 4096) bad('arena of ' + arena + ' bytes in banks of ' + bank + ' needs ' + Math.ceil(arena / bank) + ' buffers (at most 4096)', M);
  d = fld(root, 5, 4, M);
  if (d) {
    d += u32(d, M);
    data = u32(d, M);
    if (!(N >= n && d + 4 + data <= N)) bad('constant data (' + data + ' bytes at ' + d + ') outside the file (' + N + ' bytes)', M);
    if ((d + 4) % 16) bad('constant data not 16-aligned', M);
  }
  for (i = 0; i < nOps; i++) {
    o = table(ops[0] + 4 * i, 'op ' + i);
    str(o, 0, 'op ' + i, true); str(o, 1, 'op ' + i, true); int(o, 2, 0, 'op ' + i);
  }
  for (i = 0; i < nT; i++) tensor(table(T[0] + 4 * i, 'tensor ' + i), i);
  g = fld(root, 3, 4, M);
  if (!g) bad('no graph', M);
  var todo: any[] = [[table(g, 'graph'), 'graph', 1]], it: any[], gp: number, gw: string, nodes: number[], k: number;
  while ((it = todo.pop())) {
    gp = it[0], gw = it[1];
    if (it[2] > 16) bad('subgraphs nested more than 16 deep', gw);
    nodes = vec(gp, 0, 4, gw);
    ints(gp, 1, 0, nT, 'input tensor', gw);
    ints(gp, 2, 0, nT, 'output tensor', gw);
    for (k = 0; k < nodes[1]; k++) node(table(nodes[0] + 4 * k, gw + ' node ' + k), gw + ' node ' + k, it[2], todo);
  }
  str(root, 6, M); str(root, 7, M);
  md = vec(root, 8, 4, M);
  for (i = 0; i < md[1]; i++) { kv = table(md[0] + 4 * i, 'metadata ' + i); str(kv, 0, 'metadata ' + i); str(kv, 1, 'metadata ' + i); }

}

// Checked reads of a FlatBuffer: every position, table, vtable, field, vector and string is
// tested against the file before it is read; `budget` bounds the vector and string bytes walked.
function flatReader(bytes: Uint8Array, budget: number) {
  var n = bytes.length;
  var dv = new DataView(bytes.buffer, bytes.byteOffset, n);
  function bad(what: string, where: string): never { throw new Error('corrupt model: ' + what + ', ' + where); }
  function at(p: number, s: number, w: string): number {
    if (!(p >= 0 && p + s <= n)) bad('offset ' + p + ' (+' + s + ') outside the file (' + n + ' bytes)', w);
    return p;
  }
  function u32(p: number, w: string) { return dv.getUint32(at(p, 4, w), true); }
  function i32(p: number, w: string) { return dv.getInt32(at(p, 4, w), true); }
  function u16(p: number, w: string) { return dv.getUint16(at(p, 2, w), true); }
  // the table whose offset is stored at p; its vtable and inline size must lie in the file
  function table(p: number, w: string): number {
    var t = p + u32(p, w), vt: number, vl: number;
    if (t % 4) bad('misaligned table at ' + t, w);
    vt = t - i32(t, w);
    vl = u16(vt, w);
    if (vl < 4 || vl % 2 || u16(vt + 2, w) < 4) bad('bad vtable at ' + vt, w);
    at(vt, vl, w);
    at(t, u16(vt + 2, w), w);
    return t;
  }
  // position of field `id` (s bytes) of table t, or 0 when absent; must lie inside the table
  function fld(t: number, id: number, s: number, w: string): number {
    var vt = t - i32(t, w), o = 4 + 2 * id;
    if (o >= u16(vt, w) || !(o = u16(vt + o, w))) return 0;
    if (o + s > u16(vt + 2, w)) bad('field ' + id + ' outside its table', w);
    return at(t + o, s, w);
  }
  function int(t: number, id: number, d: number, w: string) { var f = fld(t, id, 4, w); return f ? i32(f, w) : d; }
  function byte(t: number, id: number, w: string) { var f = fld(t, id, 1, w); return f ? bytes[f] : 0; }
  // vector of `es`-byte elements in field id: [position of the first element, count]
  function vec(t: number, id: number, es: number, w: string): number[] {
    var f = fld(t, id, 4, w), v: number, c: number;
    if (!f) return [0, 0];
    v = f + u32(f, w);
    if (v % 4) bad('misaligned vector at ' + v, w);
    c = u32(v, w);
    if ((budget -= c * es) < 0) bad('vectors add up to more than the file', w);
    at(v + 4, c * es, w);
    return [v + 4, c];
  }
  // a string field, decoded for messages (ASCII, at most 40 characters, one line); `plain`:
  // the runtime puts it in its messages (op, domain, node name), so no control characters
  function str(t: number, id: number, w: string, plain?: boolean): string {
    var s = vec(t, id, 1, w), r = '', k: number, c: number;
    for (k = 0; k < s[1]; k++) {
      if ((c = bytes[s[0] + k]) < 32 && plain) bad('control character in a name', w);
      if (k < 40) r += String.fromCharCode(c > 31 && c < 127 ? c : 63);
    }
    return r;
  }
  function strs(t: number, id: number, w: string): number {
    var s = vec(t, id, 4, w);
    for (var k = 0; k < s[1]; k++) { var e = s[0] + 4 * k, q = e + u32(e, w); at(q + 4, u32(q, w), w); budget -= u32(q, w); }
    if (budget < 0) bad('strings add up to more than the file', w);
    return s[1];
  }
  // each element of an int vector must lie in [lo, hi)
  function ints(t: number, id: number, lo: number, hi: number, what: string, w: string): void {
    var s = vec(t, id, 4, w), x: number;
    for (var k = 0; k < s[1]; k++) if (!((x = i32(s[0] + 4 * k, w)) >= lo && x < hi)) bad(what + ' ' + x + ' out of range [' + lo + ', ' + hi + ')', w);
  }

  return { bad: bad, at: at, u32: u32, i32: i32, u16: u16, table: table, fld: fld, int: int, byte: byte, vec: vec, str: str, strs: strs, ints: ints };
}
