// Espruino does not hoist: a `var` (or a function statement) exists from when its statement runs.
// Before that, or after one in a branch that did not run, the name is the enclosing scope's
// variable of that name (measured on Espruino 2v29; see ../shared/espruino/README.md). So in
// every function, each use of a name its own `var`/function statements declare must come after
// a declaring statement that has surely run: one earlier in the same statement list or in an
// enclosing one. Uses inside nested functions run later and are checked in those functions only.
import { Node as AcornNode } from 'acorn';

type N = AcornNode & Record<string, any>;

export interface EarlyUse { name: string; node: N; kind: 'var' | 'function' }

export function isFn(n: N) { return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression'; }

// Names a pattern binds (identifiers of destructuring included).
export function bindingNames(p: N | null, out: string[]) {
  if (!p) return;
  if (p.type === 'Identifier') out.push(p.name);
  else if (p.type === 'ObjectPattern') for (var q of p.properties) bindingNames(q.type === 'RestElement' ? q.argument : q.value, out);
  else if (p.type === 'ArrayPattern') for (var e of p.elements) bindingNames(e, out);
  else if (p.type === 'RestElement') bindingNames(p.argument, out);
  else if (p.type === 'AssignmentPattern') bindingNames(p.left, out);
}

// Calls f on every node of a function's (or the program's) own body; a nested function is handed
// to f but not entered.
export function forEachInScope(scope: N, f: (n: N) => void) {
  var visit = (n: N) => {
    if (!n || typeof n.type !== 'string') return;
    f(n);
    if (n !== scope && isFn(n)) return;
    for (var k in n) {
      if (k === 'loc') continue;
      var v = n[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v.type === 'string') visit(v);
    }
  };
  visit(scope.type === 'Program' ? scope : scope.body);
}

// Names declared by the function's own `var` and function statements (nested functions excluded),
// minus its parameters, which exist from the call.
function statementNames(scope: N): Map<string, 'var' | 'function'> {
  var names = new Map<string, 'var' | 'function'>();
  forEachInScope(scope, n => {
    if (n !== scope && isFn(n)) { if (n.type === 'FunctionDeclaration' && n.id) names.set(n.id.name, 'function'); return; }
    if (n.type === 'VariableDeclaration' && n.kind === 'var') for (var d of n.declarations) { var a: string[] = []; bindingNames(d.id, a); a.forEach(x => names.set(x, 'var')); }
  });
  if (scope.type !== 'Program') {
    var params: string[] = [];
    for (var p of scope.params) bindingNames(p, params);
    params.forEach(x => names.delete(x));
    if (scope.type === 'FunctionExpression' && scope.id && names.get(scope.id.name) !== 'var') names.delete(scope.id.name);
  }
  return names;
}

// Uses in one function (or the program) of its own statement-declared names before they surely exist.
function earlyUsesIn(scope: N, out: EarlyUse[]) {
  var names = statementNames(scope);
  if (!names.size) return;
  var live: string[] = [];   // names whose declaring statement has surely run, innermost last
  var has = (x: string) => live.lastIndexOf(x) >= 0;
  // each declarator's initializer runs before its name is declared, and before the next declarator
  var declare = (d: N) => { for (var x of d.declarations) { visit(x.init); bindingNames(x.id, live); } };
  // a statement that may not run (branch, loop body, try/catch part): what it declares is dropped after it
  var maybe = (n: N | null) => { var mark = live.length; visit(n); live.length = mark; };
  var visit = (n: N | null): void => {
    if (!n || typeof n.type !== 'string') return;
    if (n !== scope && isFn(n)) {
      if (n.type === 'FunctionDeclaration' && names.get(n.id.name) === 'function') live.push(n.id.name);
      return;
    }
    switch (n.type) {
      case 'Identifier':
        if (names.has(n.name) && !has(n.name)) out.push({ name: n.name, node: n, kind: names.get(n.name)! });
        return;
      case 'VariableDeclaration': declare(n); return;
      case 'MemberExpression': visit(n.object); if (n.computed) visit(n.property); return;
      case 'Property': if (n.computed) visit(n.key); visit(n.value); return;
      case 'LabeledStatement': visit(n.body); return;
      case 'BreakStatement': case 'ContinueStatement': return;
      case 'IfStatement': visit(n.test); maybe(n.consequent); maybe(n.alternate); return;
      case 'ForStatement': {
        visit(n.init);   // a `for (var ...;` declaration runs before the loop: it stays declared after it
        var mark = live.length;
        visit(n.test); visit(n.body); visit(n.update);
        live.length = mark;
        return;
      }
      case 'ForInStatement': case 'ForOfStatement': {
        visit(n.right);
        var m2 = live.length;
        if (n.left.type === 'VariableDeclaration') declare(n.left); else visit(n.left);   // only bound when the body runs
        visit(n.body);
        live.length = m2;
        return;
      }
      case 'WhileStatement': visit(n.test); maybe(n.body); return;
      case 'DoWhileStatement': { var m3 = live.length; visit(n.body); visit(n.test); live.length = m3; return; }
      case 'TryStatement': maybe(n.block); maybe(n.handler); maybe(n.finalizer); return;
      case 'CatchClause': {
        var m4 = live.length;
        bindingNames(n.param, live);   // the catch parameter is bound in the handler
        visit(n.body);
        live.length = m4;
        return;
      }
      case 'SwitchStatement': visit(n.discriminant); for (var c of n.cases) { visit(c.test); maybe({ type: 'BlockStatement', body: c.consequent } as any); } return;
    }
    for (var k in n) {
      if (k === 'loc' || k === 'type') continue;
      var v = n[k];
      if (Array.isArray(v)) for (var x of v) visit(x);
      else if (v && typeof v.type === 'string') visit(v);
    }
  };
  if (scope.type === 'Program') for (var s of scope.body) visit(s);
  else visit(scope.body);
}

// Every early use in the program, in every function, in source order.
export function earlyUses(ast: N): EarlyUse[] {
  var out: EarlyUse[] = [];
  var walk = (n: N) => {
    if (!n || typeof n.type !== 'string') return;
    if (n.type === 'Program' || isFn(n)) earlyUsesIn(n, out);
    for (var k in n) {
      if (k === 'loc') continue;
      var v = n[k];
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v.type === 'string') walk(v);
    }
  };
  walk(ast);
  return out.sort((a, b) => a.node.start - b.node.start);
}
