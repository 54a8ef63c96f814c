// Declaration-level dependency graph of the compiled device modules (dist/device/**.js, ES5 in
// ES modules), the same granularity Rollup tree-shakes at: which top-level declarations a root
// (a kernel's `prepare`, the runtime's `createLoader`) pulls into a bundle. Attribution asks
// "which roots need the code at this source position?": one kernel → that kernel's bytes.
//
// References are found syntactically (every identifier in a declaration that names a top-level
// binding or an import of its module); a local that shadows a top-level name gives a spurious
// edge, which can only make code look more shared than it is, never less. Top-level statements
// that are not declarations attach to the binding they assign into (`ARRAY_OF[FLOAT] = ...`
// belongs to ARRAY_OF); other statements belong to the module (kept when any of it is).
// Paths are package-root-relative with '/'.
import * as fs from 'fs';
import * as path from 'path';
import * as acorn from 'acorn';
import { packageRoot } from '../base/root';

interface Stmt { start: number; end: number; binds: string[]; refs: string[] }
interface ModuleInfo {
  file: string;
  lineStarts: number[];
  stmts: Stmt[];                                        // top-level, in source order
  top: Set<string>;                                     // top-level binding names
  imports: Map<string, { from: string; name: string }>; // local → imported ('*' = namespace)
  exports: Map<string, { local?: string; from?: string; name?: string }>;
  star: string[];                                       // export * from
}

var cache = new Map<string, { mtimeMs: number; info: ModuleInfo | null }>();

function resolve(from: string, spec: string): string {
  var rel = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return /\.m?js$/.test(rel) ? rel : rel + '.js';
}

function refsOf(node: any, out: Set<string>) {
  // Every Identifier in the subtree except non-computed property names and keys.
  var visit = (n: any, parent: any, key: string) => {
    if (!n || typeof n.type !== 'string') return;
    if (n.type === 'Identifier') {
      if (parent && ((parent.type === 'MemberExpression' && key === 'property' && !parent.computed) ||
        (parent.type === 'Property' && key === 'key' && !parent.computed))) return;
      out.add(n.name);
      return;
    }
    for (var k in n) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'loc') continue;
      var v = n[k];
      if (Array.isArray(v)) for (var c of v) visit(c, n, k);
      else if (v && typeof v.type === 'string') visit(v, n, k);
    }
  };
  visit(node, null, '');
}

function rootIdentifier(n: any): string | null {
  while (n && n.type === 'MemberExpression') n = n.object;
  return n && n.type === 'Identifier' ? n.name : null;
}

/** Parsed facts about one compiled module, or null when it cannot be read or parsed. */
export function moduleInfo(file: string): ModuleInfo | null {
  var abs = path.join(packageRoot(), file);
  var st: fs.Stats;
  try { st = fs.statSync(abs); } catch (e) { return null; }
  var hit = cache.get(abs);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.info;
  var info: ModuleInfo | null = null;
  try { info = parse(file, fs.readFileSync(abs, 'utf8')); } catch (e) { info = null; }
  cache.set(abs, { mtimeMs: st.mtimeMs, info });
  return info;
}

function parse(file: string, text: string): ModuleInfo {
  var ast: any = acorn.parse(text, { ecmaVersion: 2020, sourceType: 'module' });
  var lineStarts = [0];
  for (var i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  var m: ModuleInfo = { file, lineStarts, stmts: [], top: new Set(), imports: new Map(), exports: new Map(), star: [] };
  var pending: { node: any; start: number; end: number }[] = [];
  for (var node of ast.body) {
    var decl = node;
    if (node.type === 'ExportNamedDeclaration') {
      if (node.source) {
        for (var s of node.specifiers) m.exports.set(s.exported.name, { from: resolve(file, node.source.value), name: s.local.name });
        m.stmts.push({ start: node.start, end: node.end, binds: [], refs: [] });
        continue;
      }
      for (var s of node.specifiers) m.exports.set(s.exported.name, { local: s.local.name });
      if (!node.declaration) { m.stmts.push({ start: node.start, end: node.end, binds: [], refs: [] }); continue; }
      decl = node.declaration;
    }
    if (node.type === 'ExportAllDeclaration') { m.star.push(resolve(file, node.source.value)); continue; }
    if (node.type === 'ImportDeclaration') {
      var from = resolve(file, node.source.value);
      for (var s of node.specifiers)
        m.imports.set(s.local.name, { from, name: s.type === 'ImportSpecifier' ? s.imported.name : s.type === 'ImportDefaultSpecifier' ? 'default' : '*' });
      m.stmts.push({ start: node.start, end: node.end, binds: [], refs: [] });
      continue;
    }
    var exported = node.type === 'ExportNamedDeclaration';
    if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') {
      var refs = new Set<string>();
      refsOf(decl, refs);
      m.top.add(decl.id.name);
      if (exported) m.exports.set(decl.id.name, { local: decl.id.name });
      m.stmts.push({ start: node.start, end: node.end, binds: [decl.id.name], refs: Array.from(refs) });
    } else if (decl.type === 'VariableDeclaration') {
      // one statement per declarator; the statement's own keyword and separators go with the first
      decl.declarations.forEach((d: any, k: number) => {
        var refs = new Set<string>();
        if (d.init) refsOf(d.init, refs);
        var names: string[] = [];
        var collect = (p: any) => { if (p.type === 'Identifier') names.push(p.name); };
        collect(d.id);
        for (var n of names) { m.top.add(n); if (exported) m.exports.set(n, { local: n }); }
        var start = k === 0 ? node.start : d.start, end = k === decl.declarations.length - 1 ? node.end : decl.declarations[k + 1].start;
        m.stmts.push({ start, end, binds: names, refs: Array.from(refs) });
      });
    } else pending.push({ node, start: node.start, end: node.end });
  }
  // Other statements: attach to the top-level binding they assign into, if any.
  for (var p of pending) {
    var refs = new Set<string>();
    refsOf(p.node, refs);
    var target: string | null = null;
    var e = p.node.type === 'ExpressionStatement' ? p.node.expression : null;
    while (e && e.type === 'AssignmentExpression') { var r = rootIdentifier(e.left); if (r && m.top.has(r)) { target = r; break; } e = e.right; }
    if (target) { refs.delete(target); m.stmts.push({ start: p.start, end: p.end, binds: [target], refs: Array.from(refs) }); }
    else m.stmts.push({ start: p.start, end: p.end, binds: [], refs: Array.from(refs) });
  }
  m.stmts.sort((a, b) => a.start - b.start);
  return m;
}

/** Binding node id ('file#local') an export resolves to, following re-exports; null if unknown. */
function resolveExport(file: string, name: string, depth = 0): string | null {
  var m = moduleInfo(file);
  if (!m || depth > 32) return null;
  var e = m.exports.get(name);
  if (e && e.local !== undefined) return m.imports.has(e.local) ? resolveImport(m, e.local, depth + 1) : `${file}#${e.local}`;
  if (e && e.from) return resolveExport(e.from, e.name!, depth + 1);
  for (var s of m.star) { var r = resolveExport(s, name, depth + 1); if (r) return r; }
  return null;
}

function resolveImport(m: ModuleInfo, local: string, depth = 0): string | null {
  var imp = m.imports.get(local)!;
  return imp.name === '*' ? `${imp.from}#*` : resolveExport(imp.from, imp.name, depth);
}

/** Edges out of a binding node: what its declaration (and statements assigning into it) reference. */
function edges(id: string): string[] {
  var hash = id.lastIndexOf('#'), file = id.slice(0, hash), name = id.slice(hash + 1);
  var m = moduleInfo(file);
  if (!m) return [];
  var out: string[] = [];
  var refTo = (r: string) => {
    if (m!.imports.has(r)) { var t = resolveImport(m!, r); if (t) out.push(t); }
    else if (m!.top.has(r)) out.push(`${file}#${r}`);
  };
  if (name === '*') { for (var ex of m.exports.keys()) { var t = resolveExport(file, ex); if (t) out.push(t); } return out; }
  for (var s of m.stmts) if (s.binds.indexOf(name) >= 0) for (var r of s.refs) refTo(r);
  return out;
}

/** The binding node of export `name` of `file`, or of the whole module when name is '*'. */
export function exportNode(file: string, name: string): string | null {
  return name === '*' ? `${file}#*` : resolveExport(file, name);
}

/**
 * What roots pull in: binding nodes ('file#name') reachable from `start` (node ids from
 * exportNode), plus the refs of module-level statements of every module touched (`files`).
 */
export function closure(start: string[]): { nodes: Set<string>; files: Set<string> } {
  var nodes = new Set<string>(), files = new Set<string>(), todo = start.slice();
  var push = (id: string) => { if (!nodes.has(id)) todo.push(id); };
  while (todo.length) {
    var id = todo.pop()!;
    if (nodes.has(id)) continue;
    nodes.add(id);
    var f = id.slice(0, id.lastIndexOf('#'));
    if (!files.has(f)) {
      files.add(f);
      var m = moduleInfo(f);
      if (m) for (var s of m.stmts) if (!s.binds.length) for (var r of s.refs) {
        if (m.imports.has(r)) { var t = resolveImport(m, r); if (t) push(t); }
        else if (m.top.has(r)) push(`${f}#${r}`);
      }
    }
    for (var e of edges(id)) push(e);
  }
  return { nodes, files };
}

/**
 * The top-level statement of `file` at 0-based (line, column), as the binding names it
 * declares or assigns into ([] for a module-level statement), or null outside any statement.
 */
export function bindingsAt(file: string, line: number, column: number): string[] | null {
  var m = moduleInfo(file);
  if (!m || line < 0 || line >= m.lineStarts.length) return null;
  var off = m.lineStarts[line] + column;
  var lo = 0, hi = m.stmts.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1, s = m.stmts[mid];
    if (off < s.start) hi = mid - 1;
    else if (off >= s.end) lo = mid + 1;
    else return s.binds;
  }
  return null;
}
