// The static import graph of the compiled device modules (dist/device/**.js, ES modules), used
// to tell which kernel utilities a single kernel owns. Paths are package-root-relative with '/'.
import * as fs from 'fs';
import * as path from 'path';
import * as acorn from 'acorn';
import { packageRoot } from '../targets/root';

var cache = new Map<string, { mtimeMs: number; deps: string[] }>();

/** Modules that `file` imports directly (package-root-relative paths), or null if unreadable. */
export function importsOf(file: string): string[] | null {
  var abs = path.join(packageRoot(), file);
  var st: fs.Stats;
  try { st = fs.statSync(abs); } catch (e) { return null; }
  var hit = cache.get(abs);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.deps;
  var ast: any;
  try { ast = acorn.parse(fs.readFileSync(abs, 'utf8'), { ecmaVersion: 2020, sourceType: 'module' }); } catch (e) { return null; }
  var deps: string[] = [];
  for (var node of ast.body) {
    var spec = (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' ||
      (node.type === 'ExportNamedDeclaration' && node.source)) ? node.source.value : null;
    if (typeof spec !== 'string' || spec[0] !== '.') continue;
    var rel = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (!/\.m?js$/.test(rel)) rel += '.js';
    deps.push(rel);
  }
  cache.set(abs, { mtimeMs: st.mtimeMs, deps });
  return deps;
}

/** Every module reachable from `roots` (roots included). Unreadable modules are kept, not followed. */
export function reachable(roots: string[]): Set<string> {
  var seen = new Set<string>(), todo = roots.slice();
  while (todo.length) {
    var f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (var d of importsOf(f) || []) if (!seen.has(d)) todo.push(d);
  }
  return seen;
}
