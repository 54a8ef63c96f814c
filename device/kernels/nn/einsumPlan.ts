// Einsum equation parsing. Labels are numbered: letters by char code, ellipsis axes 1000+j
// (aligned right across operands, numpy style). The result says, for the loop over every
// label (output labels first, then the summed ones), each label's size, each operand's
// stride along it (repeated labels add their strides: diagonals) and the output's.
import { fail } from '../contract';
import { stridesOf } from '../shape';

export interface Plan { out: number[]; sizes: number[]; opStrides: number[][]; outStrides: number[] }

export function planEinsum(equation: string, shapes: number[][]): Plan {
  var eq = equation.replace(/\s+/g, ''), arrow = eq.indexOf('->');
  var lhs = arrow < 0 ? eq : eq.slice(0, arrow), terms = lhs.split(',');
  if (terms.length !== shapes.length) fail('equation ' + equation + ' has ' + terms.length + ' operands, the node has ' + shapes.length + ' inputs');
  var labels: number[][] = [], ell = 0, i: number, j: number;
  for (i = 0; i < terms.length; i++) {
    var t = terms[i], e = t.indexOf('...'), letters = t.replace('...', '');
    var er = shapes[i].length - letters.length;
    if (e < 0 ? er !== 0 : er < 0) fail('operand ' + i + ' (' + t + ') does not match its rank ' + shapes[i].length);
    if (e >= 0 && er > ell) ell = er;
    labels.push(parseTerm(t, e < 0 ? 0 : er));
  }
  var size: { [l: number]: number } = {}, count: { [l: number]: number } = {}, all: number[] = [];
  for (i = 0; i < labels.length; i++) for (j = 0; j < labels[i].length; j++) {
    var l = labels[i][j], n = shapes[i][j];
    if (l >= 1000) l = labels[i][j] = l + ell - ellRank(labels[i]);   // right-align ellipsis axes
    if (size[l] === undefined) { size[l] = n; count[l] = 0; all.push(l); }
    else if (size[l] !== n && n !== 1) { if (size[l] !== 1) fail('label ' + name(l) + ' has sizes ' + size[l] + ' and ' + n); size[l] = n; }
    count[l]++;
  }
  var out: number[];
  if (arrow >= 0) out = parseTerm(eq.slice(arrow + 2), ell);
  else {
    out = [];
    for (i = 0; i < ell; i++) out.push(1000 + i);
    var once = all.filter(function (l) { return l < 1000 && count[l] === 1; }).sort(function (a, b) { return a - b; });
    out = out.concat(once);
  }
  var order = out.slice();
  for (i = 0; i < out.length; i++) {
    if (size[out[i]] === undefined) fail('output label ' + name(out[i]) + ' is not in any operand');
    if (out.indexOf(out[i]) !== i) fail('output label ' + name(out[i]) + ' is repeated');
  }
  for (i = 0; i < all.length; i++) if (order.indexOf(all[i]) < 0) order.push(all[i]);
  var sizes = order.map(function (l) { return size[l]; });
  var opStrides = labels.map(function (ls, k) {
    var own = stridesOf(shapes[k]), r = order.map(function () { return 0; });
    for (var a = 0; a < ls.length; a++) if (shapes[k][a] !== 1) r[order.indexOf(ls[a])] += own[a];
    return r;
  });
  var os = stridesOf(out.map(function (l) { return size[l]; }));
  var outStrides = order.map(function (l, a) { return a < out.length ? os[a] : 0; });
  return { out: out.map(function (l) { return size[l]; }), sizes: sizes, opStrides: opStrides, outStrides: outStrides };
}

function parseTerm(t: string, er: number): number[] {
  var r: number[] = [];
  for (var i = 0; i < t.length; i++) {
    if (t.substr(i, 3) === '...') { for (var j = 0; j < er; j++) r.push(1000 + j); i += 2; continue; }
    var c = t.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) fail('unexpected character ' + t.charAt(i) + ' in einsum term ' + t);
    r.push(c);
  }
  return r;
}

function ellRank(ls: number[]): number {
  var n = 0;
  for (var i = 0; i < ls.length; i++) if (ls[i] >= 1000) n++;
  return n;
}

function name(l: number): string { return l >= 1000 ? '...' : String.fromCharCode(l); }
