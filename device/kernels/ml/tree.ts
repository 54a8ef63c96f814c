// Tree ensembles compiled to flat typed arrays, shared by TreeEnsemble (ai.onnx.ml 5) and the
// older TreeEnsembleRegressor / TreeEnsembleClassifier. Interior nodes are numbered 0..; a child
// reference c >= 0 is an interior node, c < 0 the leaf -c-1. Each leaf owns the votes
// vLo[leaf] .. vHi[leaf] - 1 (a target index and a weight each).
// Comparison modes use TreeEnsemble's codes; a NaN feature follows the true branch only where
// missing-value-tracks-true is set (except for NEQ, where NaN != t is already true).
import { fail } from '../contract';

export var LEQ = 0, LT = 1, GTE = 2, GT = 3, EQ = 4, NEQ = 5, MEMBER = 6;
var LEGACY_MODES = ['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT', 'BRANCH_EQ', 'BRANCH_NEQ'];

export interface Forest {
  roots: Int32Array;
  feat: Int32Array; thr: Float64Array; mode: Uint8Array; miss: Uint8Array; tru: Int32Array; fal: Int32Array;
  memLo: Int32Array; memHi: Int32Array; mem: Float64Array;
  vLo: Int32Array; vHi: Int32Array; vTarget: Int32Array; vWeight: Float64Array;
  maxFeature: number; maxTarget: number;
}

function arr(v: any): ArrayLike<number> {
  return v === undefined || v === null ? [] : v.data !== undefined ? v.data : v;
}

function emptyForest(nNodes: number, nLeaves: number, nVotes: number, nTrees: number): Forest {
  return { roots: new Int32Array(nTrees), feat: new Int32Array(nNodes), thr: new Float64Array(nNodes), mode: new Uint8Array(nNodes),
    miss: new Uint8Array(nNodes), tru: new Int32Array(nNodes), fal: new Int32Array(nNodes),
    memLo: new Int32Array(nNodes), memHi: new Int32Array(nNodes), mem: new Float64Array(0),
    vLo: new Int32Array(nLeaves), vHi: new Int32Array(nLeaves), vTarget: new Int32Array(nVotes), vWeight: new Float64Array(nVotes),
    maxFeature: -1, maxTarget: -1 };
}

// TreeEnsemble (opset 5): interior nodes and leaves are given separately; one vote per leaf.
export function forestV5(a: any): Forest {
  var modes = arr(a.nodes_modes), splits = arr(a.nodes_splits), fid = arr(a.nodes_featureids);
  var tn = arr(a.nodes_truenodeids), fn = arr(a.nodes_falsenodeids), tl = arr(a.nodes_trueleafs), fl = arr(a.nodes_falseleafs);
  var miss = arr(a.nodes_missing_value_tracks_true), lt = arr(a.leaf_targetids), lw = arr(a.leaf_weights), roots = arr(a.tree_roots);
  var n = modes.length, L = lw.length;
  if (splits.length !== n || fid.length !== n || tn.length !== n || fn.length !== n || tl.length !== n || fl.length !== n || (miss.length && miss.length !== n))
    fail('the nodes_* attributes must all have ' + n + ' entries');
  if (lt.length !== L) fail('leaf_targetids and leaf_weights must have the same length');
  var f = emptyForest(n, L, L, roots.length);
  var ms = arr(a.membership_values), mp = 0;
  f.mem = new Float64Array(ms.length);
  for (var i = 0; i < ms.length; i++) f.mem[i] = ms[i];
  for (var i = 0; i < n; i++) {
    var m = modes[i];
    if (!(m >= 0 && m <= MEMBER)) fail('node ' + i + ' has an unknown mode ' + m);
    f.mode[i] = m; f.thr[i] = splits[i]; f.feat[i] = fid[i]; f.miss[i] = miss.length ? miss[i] : 0;
    f.tru[i] = tl[i] ? -tn[i] - 1 : tn[i];
    f.fal[i] = fl[i] ? -fn[i] - 1 : fn[i];
    if (m === MEMBER) {  // sets are listed in node order, each ended by a NaN
      if (mp >= ms.length) fail('membership_values has no set left for node ' + i);
      f.memLo[i] = mp;
      while (mp < ms.length && ms[mp] === ms[mp]) mp++;
      f.memHi[i] = mp++;
    }
  }
  for (var t = 0; t < roots.length; t++) {
    var r = roots[t];
    f.roots[t] = tl[r] && fl[r] && tn[r] === fn[r] ? -tn[r] - 1 : r;
  }
  for (var l = 0; l < L; l++) { f.vLo[l] = l; f.vHi[l] = l + 1; f.vTarget[l] = lt[l]; f.vWeight[l] = lw[l]; }
  return check(f);
}

// TreeEnsembleRegressor / Classifier: nodes identified by (tree id, node id), mode 'LEAF' marks
// leaves, and votes (prefix 'target' or 'class') name their leaf by (tree id, node id).
export function forestLegacy(a: any, prefix: string): Forest {
  var tids = arr(a.nodes_treeids), nids = arr(a.nodes_nodeids), modes: string[] = a.nodes_modes || [];
  var fid = arr(a.nodes_featureids), vals = arr(a.nodes_values_as_tensor || a.nodes_values);
  var tn = arr(a.nodes_truenodeids), fn = arr(a.nodes_falsenodeids), miss = arr(a.nodes_missing_value_tracks_true);
  var vt = arr(a[prefix + '_treeids']), vn = arr(a[prefix + '_nodeids']), vi = arr(a[prefix + '_ids']);
  var vw = arr(a[prefix + '_weights_as_tensor'] || a[prefix + '_weights']);
  var n = tids.length, V = vt.length;
  if (nids.length !== n || modes.length !== n) fail('the nodes_* attributes must all have ' + n + ' entries');
  if (vn.length !== V || vi.length !== V || vw.length !== V) fail('the ' + prefix + '_* attributes must all have ' + V + ' entries');
  var index: { [key: string]: number } = {}, ref = new Int32Array(n), nb = 0, nl = 0;
  var treeIds: number[] = [], rootOf: { [tree: string]: number } = {};
  for (var i = 0; i < n; i++) {
    index[tids[i] + ':' + nids[i]] = i;
    ref[i] = modes[i] === 'LEAF' ? -(++nl) : nb++;
    if (rootOf[tids[i]] === undefined) { rootOf[tids[i]] = i; treeIds.push(tids[i]); }
  }
  treeIds.sort(function (x, y) { return x - y; });
  var f = emptyForest(nb, nl, V, treeIds.length);
  var child = function (t: number, id: number) {
    var j = index[t + ':' + id];
    if (j === undefined) fail('tree ' + t + ' has no node ' + id);
    return ref[j];
  };
  for (var i = 0; i < n; i++) {
    var b = ref[i];
    if (b < 0) continue;
    var m = LEGACY_MODES.indexOf(modes[i]);
    if (m < 0) fail('node ' + nids[i] + ' of tree ' + tids[i] + ' has an unknown mode ' + modes[i]);
    f.mode[b] = m; f.feat[b] = fid[i]; f.thr[b] = vals[i]; f.miss[b] = miss.length ? miss[i] : 0;
    f.tru[b] = child(tids[i], tn[i]); f.fal[b] = child(tids[i], fn[i]);
  }
  for (var t = 0; t < treeIds.length; t++) f.roots[t] = ref[rootOf[treeIds[t]]];
  // Votes grouped by leaf, in their original order.
  var leafOfVote = new Int32Array(V), count = new Int32Array(nl + 1);
  for (var j = 0; j < V; j++) {
    var l = child(vt[j], vn[j]);
    if (l >= 0) fail('vote ' + j + ' names node ' + vn[j] + ' of tree ' + vt[j] + ', which is not a leaf');
    leafOfVote[j] = -l - 1; count[-l]++;
  }
  for (var l = 0; l < nl; l++) { count[l + 1] += count[l]; f.vLo[l] = count[l]; f.vHi[l] = count[l]; }
  for (var j = 0; j < V; j++) { var p = f.vHi[leafOfVote[j]]++; f.vTarget[p] = vi[j]; f.vWeight[p] = vw[j]; }
  return check(f);
}

function check(f: Forest): Forest {
  var nb = f.feat.length, nl = f.vLo.length;
  var ok = function (c: number) { return c >= 0 ? c < nb : -c - 1 < nl; };
  for (var i = 0; i < nb; i++) {
    if (!ok(f.tru[i]) || !ok(f.fal[i])) fail('node ' + i + ' points to a node or leaf that does not exist');
    if (f.feat[i] > f.maxFeature) f.maxFeature = f.feat[i];
  }
  for (var t = 0; t < f.roots.length; t++) if (!ok(f.roots[t])) fail('tree ' + t + ' has no root');
  for (var j = 0; j < f.vTarget.length; j++) if (f.vTarget[j] > f.maxTarget) f.maxTarget = f.vTarget[j];
  return f;
}

// The leaf that row x[xo ..] reaches from `root`.
export function leafOf(f: Forest, root: number, x: ArrayLike<number>, xo: number): number {
  var i = root, feat = f.feat, thr = f.thr, mode = f.mode, miss = f.miss, tru = f.tru, fal = f.fal;
  while (i >= 0) {
    var v = x[xo + feat[i]], t = thr[i], m = mode[i], r = false;
    if (m === LEQ) r = v <= t;
    else if (m === LT) r = v < t;
    else if (m === GTE) r = v >= t;
    else if (m === GT) r = v > t;
    else if (m === EQ) r = v === t;
    else if (m === NEQ) r = v !== t;
    else for (var k = f.memLo[i]; k < f.memHi[i]; k++) if (f.mem[k] === v) { r = true; break; }
    if (!r && miss[i] && v !== v) r = true;
    i = r ? tru[i] : fal[i];
  }
  return -i - 1;
}

export var AVERAGE = 0, SUM = 1, MIN = 2, MAX = 3;
var AGG_NAMES = ['AVERAGE', 'SUM', 'MIN', 'MAX'];

// aggregate_function as a code: an int (opset 5) or a name (older ops); SUM when absent.
export function aggCode(v: any): number {
  if (v === undefined || v === null) return SUM;
  var c = typeof v === 'number' ? v : AGG_NAMES.indexOf(String(v));
  if (!(c >= 0 && c <= 3)) fail('aggregate_function ' + v + ' is not one of ' + AGG_NAMES.join(', '));
  return c;
}

// Adds every tree's votes for row x[xo ..] into s[0 .. T-1] with aggregate code `agg`
// (no base values). For MIN/MAX a target no leaf voted for stays 0, as in
// onnxruntime; `hit` is a scratch array of T flags.
export function aggregate(f: Forest, agg: number, x: ArrayLike<number>, xo: number, s: Float64Array, hit: Uint8Array) {
  var T = s.length, i: number;
  for (i = 0; i < T; i++) { s[i] = 0; hit[i] = 0; }
  var mn = agg === MIN, mx = agg === MAX;
  for (var t = 0; t < f.roots.length; t++) {
    var l = leafOf(f, f.roots[t], x, xo);
    for (var k = f.vLo[l]; k < f.vHi[l]; k++) {
      var j = f.vTarget[k], w = f.vWeight[k];
      if (mn) { if (!hit[j] || w < s[j]) s[j] = w; }
      else if (mx) { if (!hit[j] || w > s[j]) s[j] = w; }
      else s[j] += w;
      hit[j] = 1;
    }
  }
  if (agg === AVERAGE) for (i = 0; i < T; i++) s[i] /= f.roots.length;
}

// Rows and features of a tree input: [N, F], or [F] as one row.
export function rowsOf(shape: number[]): { N: number; F: number } {
  if (shape.length === 1) return { N: 1, F: shape[0] };
  if (shape.length !== 2) fail('X must be [N, F] or [F], got [' + shape + ']');
  return { N: shape[0], F: shape[1] };
}
