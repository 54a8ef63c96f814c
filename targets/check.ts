// The static check every built bundle passes before it is written: parse it with acorn at the
// profile's ecmaVersion (newer syntax is a parse error), then walk it and reject what the
// target's engine lacks (profiles.ts `forbid`): global names, members of globals, `.slice(` not
// proven on an Array/string (espruino), assignments to `.length`, labels, a `var` or function
// used before its statement (espruino: targets/varOrder.ts). A script bundle (iife)
// must define exactly one global, `tinyonnx`, and assign no undeclared name.
//
// Not provable statically, so documented instead (docs/targets.md): Espruino's Math.round rounds
// halves differently from ES (kernels use Math.floor(x + 0.5) or their own tie rule), and a
// global reached through an alias (`var M = Math; M.fround`) is not followed.
import * as path from 'path';
import { parse, Node as AcornNode } from 'acorn';
import { Profile, OutputSpec } from './profiles';
import { readMap, originalSource } from '../base/sourcemap';
import { sliceProof } from './proof';
import { earlyUses, forEachInScope, isFn, bindingNames } from './varOrder';
import { packageRoot } from '../base/root';
import { userError } from '../base/errors';

export interface Violation { construct: string; line: number; column: number; source: string | null }

type N = AcornNode & Record<string, any>;


// Every name bound anywhere inside a function (or the program), nested functions excluded:
// block scoping is folded into the function, which can only hide a global, never invent one.
function scopeNames(scope: N): Set<string> {
  var names = new Set<string>();
  if (scope.type !== 'Program') {
    if (scope.type === 'FunctionExpression' && scope.id) names.add(scope.id.name);
    var ps: string[] = [];
    for (var p of scope.params) bindingNames(p, ps);
    ps.forEach(x => names.add(x));
    if (scope.type !== 'ArrowFunctionExpression') names.add('arguments');
  }
  forEachInScope(scope, n => {
    if (n !== scope && isFn(n)) { if (n.type === 'FunctionDeclaration' && n.id) names.add(n.id.name); return; }
    if (n.type === 'VariableDeclarator') { var a: string[] = []; bindingNames(n.id, a); a.forEach(x => names.add(x)); }
    if (n.type === 'ClassDeclaration' && n.id) names.add(n.id.name);
    if (n.type === 'CatchClause' && n.param) { var c: string[] = []; bindingNames(n.param, c); c.forEach(x => names.add(x)); }
    if (n.type === 'ImportSpecifier' || n.type === 'ImportDefaultSpecifier' || n.type === 'ImportNamespaceSpecifier') names.add(n.local.name);
  });
  return names;
}

function memberName(m: N): string | null {
  if (!m.computed) return m.property.type === 'Identifier' ? m.property.name : null;
  return m.property.type === 'Literal' && typeof m.property.value === 'string' ? m.property.value : null;
}

// The first construct (in source order) newer than ecmaVersion, with the ES edition that added it.
function newerSyntax(code: string, format: OutputSpec['format'], level: number): { what: string; loc: { line: number; column: number } } | null {
  var ast: N;
  try { ast = parse(code, { ecmaVersion: 'latest', sourceType: format === 'es' ? 'module' : 'script', locations: true }) as N; }
  catch (e) { return null; }
  var best: { what: string; n: N } | null = null;
  var hit = (what: string, since: number, n: N) => { if (since > level && (!best || n.start < best.n.start)) best = { what, n }; };
  var visit = (n: N, parent: N | null) => {
    if (!n || typeof n.type !== 'string') return;
    switch (n.type) {
      case 'VariableDeclaration': if (n.kind !== 'var') hit(n.kind, 2015, n); break;
      case 'ArrowFunctionExpression': hit('arrow function', 2015, n); break;
      case 'ObjectPattern': case 'ArrayPattern': hit('destructuring', 2015, n); break;
      case 'RestElement': hit(parent && parent.type === 'ObjectPattern' ? 'object rest' : 'rest parameter', parent && parent.type === 'ObjectPattern' ? 2018 : 2015, n); break;
      case 'SpreadElement': hit(parent && parent.type === 'ObjectExpression' ? 'object spread' : 'spread', parent && parent.type === 'ObjectExpression' ? 2018 : 2015, n); break;
      case 'AssignmentPattern': hit('default parameter', 2015, n); break;
      case 'TemplateLiteral': hit('template literal', 2015, n); break;
      case 'ClassDeclaration': case 'ClassExpression': hit('class', 2015, n); break;
      case 'ForOfStatement': hit(n.await ? 'for await' : 'for-of', n.await ? 2018 : 2015, n); break;
      case 'Property': if (n.shorthand) hit('shorthand property', 2015, n); else if (n.method) hit('method shorthand', 2015, n); else if (n.computed) hit('computed property', 2015, n); break;
      case 'FunctionDeclaration': case 'FunctionExpression': if (n.generator) hit('generator', 2015, n); if (n.async) hit('async function', 2017, n); break;
      case 'AwaitExpression': hit('await', 2017, n); break;
      case 'BinaryExpression': if (n.operator === '**') hit('exponent operator', 2016, n); break;
      case 'AssignmentExpression': if (n.operator === '**=') hit('exponent operator', 2016, n); if (/^(&&|\|\||\?\?)=$/.test(n.operator)) hit('logical assignment', 2021, n); break;
      case 'ChainExpression': hit('optional chaining', 2020, n); break;
      case 'LogicalExpression': if (n.operator === '??') hit('nullish coalescing', 2020, n); break;
      case 'Literal': if (n.bigint !== undefined) hit('BigInt literal', 2020, n); break;
      case 'CatchClause': if (!n.param) hit('optional catch binding', 2019, n); break;
      case 'ImportExpression': hit('dynamic import', 2020, n); break;
      case 'PropertyDefinition': case 'PrivateIdentifier': hit('class field', 2022, n); break;
    }
    for (var k in n) {
      if (k === 'loc') continue;
      var v = n[k];
      if (Array.isArray(v)) for (var c of v) visit(c, n);
      else if (v && typeof v.type === 'string') visit(v, n);
    }
  };
  visit(ast, null);
  var b = best as { what: string; n: N } | null;
  return b ? { what: b.what, loc: b.n.loc!.start } : null;
}

export function checkBundle(code: string, profile: Profile, format: OutputSpec['format'], map?: string | null): Violation[] {
  var root = packageRoot();
  var smap = map ? readMap(map) : null;
  var out: Violation[] = [];
  var where = (line: number, column: number) => {
    var p = originalSource(smap, root, line, column);
    return p ? `${p.source}:${p.line}` : null;
  };
  var ast: N;
  try {
    ast = parse(code, { ecmaVersion: profile.ecmaVersion as any, sourceType: format === 'es' ? 'module' : 'script', locations: true }) as N;
  } catch (e: any) {
    // Name the construct: parse at the newest level and find the first node beyond the profile's.
    var loc = e.loc || { line: 0, column: 0 }, what = String(e.message).replace(/ \(\d+:\d+\)$/, '');
    var found = newerSyntax(code, format, profile.ecmaVersion);
    if (found) { loc = found.loc; what = found.what; }
    return [{ construct: `${what} (syntax beyond ES${profile.ecmaVersion})`, line: loc.line, column: loc.column, source: where(loc.line, loc.column) }];
  }
  var f = profile.forbid;
  var globals = new Set(f.globals);
  var members = new Set(f.members.filter(m => !m.startsWith('.')));
  var anyMembers = new Set(f.members.filter(m => m.startsWith('.')).map(m => m.slice(1)));
  var add = (construct: string, n: N) => out.push({ construct, line: n.loc!.start.line, column: n.loc!.start.column, source: where(n.loc!.start.line, n.loc!.start.column) });

  var scopes: Set<string>[] = [];
  var isGlobal = (name: string) => { for (var s of scopes) if (s.has(name)) return false; return true; };
  var slices: N[] = [];

  // visits n; `ref` says whether an Identifier here is a reference to a binding
  var visit = (n: N | null, ref = true): void => {
    if (!n || typeof n.type !== 'string') return;
    switch (n.type) {
      case 'Identifier':
        if (ref && globals.has(n.name) && isGlobal(n.name)) add(n.name, n);
        return;
      case 'MemberExpression': {
        var name = memberName(n);
        if (name !== null) {
          if (n.object.type === 'Identifier' && isGlobal(n.object.name) && members.has(n.object.name + '.' + name)) add(n.object.name + '.' + name, n);
          if (anyMembers.has(name)) add('.' + name, n);
        }
        visit(n.object);
        if (n.computed) visit(n.property);
        return;
      }
      case 'Property': case 'MethodDefinition': case 'PropertyDefinition':
        if (n.computed) visit(n.key);
        visit(n.value);
        return;
      case 'LabeledStatement':
        if (f.labels) add('labelled statement', n);
        visit(n.body);
        return;
      case 'BreakStatement': case 'ContinueStatement':
        if (f.labels && n.label) add(`labelled ${n.type === 'BreakStatement' ? 'break' : 'continue'}`, n);
        return;
      case 'CallExpression':
        if (f.sliceCalls && n.callee.type === 'MemberExpression' && memberName(n.callee) === 'slice') {
          var recv = n.callee.object;
          var literal = recv.type === 'ArrayExpression' || (recv.type === 'Literal' && typeof recv.value === 'string') || recv.type === 'TemplateLiteral';
          if (!literal) slices.push(n);
        }
        break;
      case 'AssignmentExpression':
        if (f.lengthAssign && n.left.type === 'MemberExpression' && memberName(n.left) === 'length') add(`assignment to .length (${n.operator})`, n);
        if (n.left.type === 'Identifier' && isGlobal(n.left.name) && format === 'iife') add(`assignment to undeclared '${n.left.name}' (an implicit global)`, n);
        break;
      case 'ForStatement':
        if (f.bareFunctionInFor && n.init && n.init.type !== 'VariableDeclaration' && code.startsWith('function', n.init.start))
          add('function expression first in a for( head without parentheses (the engine parses a declaration there)', n.init);
        break;
      case 'UpdateExpression':
        if (f.lengthAssign && n.argument.type === 'MemberExpression' && memberName(n.argument) === 'length') add(`assignment to .length (${n.operator})`, n);
        break;
    }
    if (isFn(n) || n.type === 'Program') {
      scopes.push(scopeNames(n));
      if (n.type !== 'Program') {
        for (var p of n.params) visitPattern(p);
        visit(n.body);
      } else for (var s of n.body) visit(s);
      scopes.pop();
      return;
    }
    if (n.type === 'VariableDeclarator') { visitPattern(n.id); visit(n.init); return; }
    if (n.type === 'CatchClause') { visitPattern(n.param); visit(n.body); return; }
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') { visit(n.superClass); visit(n.body); return; }
    if (n.type === 'ImportDeclaration' || n.type === 'ExportSpecifier' || n.type === 'MetaProperty') return;
    for (var k in n) {
      if (k === 'loc' || k === 'type') continue;
      var v = n[k];
      if (Array.isArray(v)) for (var c of v) visit(c);
      else if (v && typeof v.type === 'string') visit(v);
    }
  };
  // a binding pattern: its names are declarations, defaults and computed keys are expressions
  var visitPattern = (p: N | null): void => {
    if (!p) return;
    if (p.type === 'AssignmentPattern') { visitPattern(p.left); visit(p.right); }
    else if (p.type === 'ObjectPattern') for (var q of p.properties) { if (q.computed) visit(q.key); visitPattern(q.type === 'RestElement' ? q.argument : q.value); }
    else if (p.type === 'ArrayPattern') for (var e of p.elements) visitPattern(e);
    else if (p.type === 'RestElement') visitPattern(p.argument);
    else if (p.type !== 'Identifier') visit(p);   // a member expression target (assignment patterns)
  };
  visit(ast);
  if (f.varBeforeDeclaration)
    for (var u of earlyUses(ast)) add(`'${u.name}' used before its ${u.kind} statement has surely run (the engine does not hoist ${u.kind === 'var' ? 'var' : 'function statements'})`, u.node);

  if (format === 'iife') checkTopLevel(ast, out);
  if (slices.length) checkSlices(slices, smap, root, out);
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

// A script bundle defines exactly one global, tinyonnx.
function checkTopLevel(ast: N, out: Violation[]) {
  var top: string[] = [];
  for (var st of ast.body as N[]) {
    if (st.type === 'VariableDeclaration') for (var d of st.declarations) bindingNames(d.id, top);
    else if (st.type === 'FunctionDeclaration' || st.type === 'ClassDeclaration') top.push(st.id.name);
  }
  if (top.join(',') !== 'tinyonnx') out.push({ construct: `top-level names [${top.join(', ')}]: a script bundle defines exactly one global, tinyonnx`, line: 1, column: 0, source: null });
}

// Each `.slice(` must come from device source the TypeScript checker proved (targets/proof.ts).
function checkSlices(slices: N[], smap: ReturnType<typeof readMap> | null, root: string, out: Violation[]) {
  var sites = slices.map(n => ({ n, pos: originalSource(smap, root, n.callee.property.loc.start.line, n.callee.property.loc.start.column) }));
  var sources = [...new Set(sites.filter(s => s.pos && s.pos.source.endsWith('.ts')).map(s => s.pos!.source))];
  var proof = sources.length ? sliceProof(sources) : null;
  for (var s of sites) {
    var pos = s.pos;
    var entry = pos && proof ? proof.files[pos.source] : undefined;
    var ok = !!(pos && entry && !entry.unproven.some(u => u.line === pos!.line));
    if (!ok) {
      var why = !pos || !pos.source.endsWith('.ts') ? 'no device source to prove it from' :
        !proof ? 'TypeScript is not installed to prove its receiver' :
        !entry ? 'its source is not a device source' : 'its receiver is not proven an Array or string';
      out.push({ construct: `.slice( (${why}; Espruino's TypedArray slice returns a plain Array and ArrayBuffer has no slice)`, line: s.n.loc!.start.line, column: s.n.loc!.start.column, source: pos ? `${pos.source}:${pos.line}` : null });
    }
  }
}

export function formatViolations(file: string, profile: Profile, v: Violation[], max = 12): string {
  var lines = v.slice(0, max).map(x => `${x.construct} at ${file}:${x.line}:${x.column}${x.source ? ` (from ${x.source})` : ''}`);
  if (v.length > max) lines.push(`... and ${v.length - max} more`);
  return `${file} does not fit target ${profile.name}: ${lines.join('; ')}`;
}

// Throws a UserError naming every construct (up to a dozen) and where it came from.
export function assertBundleFits(file: string, code: string, map: string | null, profile: Profile, format: OutputSpec['format']) {
  var v = checkBundle(code, profile, format, map);
  if (v.length) userError(formatViolations(path.basename(file), profile, v));
}
