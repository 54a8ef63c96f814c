// Element-wise kernels on a MobileNet-sized activation (1x16x48x48 = 36,864 floats): each op's
// own loops (device/kernels/elementwise) against the shared per-element-callback loop they
// replaced (the old broadcast.ts apply2, copied below, used by 6 ops so its call site is
// megamorphic as in a real model) and against a plain hand-written loop, in one run.
//   npx tsx bench/elementwise.ts [--quick]
import { Eval, Node, Tensor } from '../device/kernels/contract';
import * as Add from '../device/kernels/elementwise/Add';
import * as Sub from '../device/kernels/elementwise/Sub';
import * as Mul from '../device/kernels/elementwise/Mul';
import * as Div from '../device/kernels/elementwise/Div';
import * as Relu from '../device/kernels/elementwise/Relu';
import * as HardSwish from '../device/kernels/elementwise/HardSwish';
import * as Sigmoid from '../device/kernels/elementwise/Sigmoid';
import { broadcastStrides, sameShape } from '../device/kernels/shape';
import { sizeOf, FLOAT, TypedArray } from '../device/dtype';

var QUICK = process.argv.indexOf('--quick') >= 0, ROUNDS = QUICK ? 5 : 15, BATCH = QUICK ? 10 : 30;
var SHAPE = [1, 16, 48, 48], N = sizeOf(SHAPE);

function rand(n: number) { var a = new Float32Array(n); for (var i = 0; i < n; i++) a[i] = Math.random() + 0.5; return a; }
function t(shape: number[], data?: Float32Array): Tensor { return { dtype: FLOAT, shape: shape, data: data || rand(sizeOf(shape)), quant: null }; }
function node(op: string, ins: Tensor[], y: Tensor): Node { return { op: op, name: op, opset: 14, inputs: ins, outputs: [y], attrs: {}, graphs: {} }; }

// The loop every binary op ran before: one shared closure calling the op's scalar function.
type Binary = (a: number, b: number) => number;
function oldApply2(f: Binary, a: TypedArray, as: number[], b: TypedArray, bs: number[], y: TypedArray, shape: number[]): Eval {
  var n = y.length;
  if (sameShape(as, shape) && sameShape(bs, shape)) return function () { for (var i = 0; i < n; i++) y[i] = f(a[i], b[i]); };
  if (sameShape(as, shape) && b.length === 1) return function () { var s = b[0]; for (var i = 0; i < n; i++) y[i] = f(a[i], s); };
  var rank = shape.length, sa = broadcastStrides(as, shape), sb = broadcastStrides(bs, shape);
  var inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1], idx: number[] = [];
  for (var d = 0; d < rank; d++) idx.push(0);
  return function () {
    var oa = 0, ob = 0, o = 0;
    for (var d = 0; d < rank; d++) idx[d] = 0;
    while (o < n) {
      for (var i = 0; i < inner; i++) y[o++] = f(a[oa + i * ia], b[ob + i * ib]);
      var k = rank - 2;
      for (; k >= 0; k--) {
        idx[k]++; oa += sa[k]; ob += sb[k];
        if (idx[k] < shape[k]) break;
        oa -= sa[k] * shape[k]; ob -= sb[k] * shape[k]; idx[k] = 0;
      }
      if (k < 0) break;
    }
  };
}
var OLD: { [op: string]: Binary } = {
  Add: function (a, b) { return a + b; }, Sub: function (a, b) { return a - b; }, Mul: function (a, b) { return a * b; },
  Div: function (a, b) { return a / b; }, Max: function (a, b) { return a > b ? a : b; }, Pow: function (a, b) { return Math.pow(a, b); },
};
var NEW: { [op: string]: { prepare: (n: Node) => Eval } } = { Add: Add, Sub: Sub, Mul: Mul, Div: Div };

interface Job { label: string; f: Eval; n: number; best: number; group: string; kind: string }
var jobs: Job[] = [];
function clock() { return Number(process.hrtime.bigint()) / 1e6; }

var a = t(SHAPE), y = t(SHAPE, new Float32Array(N));
var cases: [string, Tensor][] = [['same shape', t(SHAPE)], ['scalar', t([1])], ['per channel [1,16,1,1]', t([1, 16, 1, 1])]];
// Warm the old loop with every function first, as in a model using several binary ops.
Object.keys(OLD).forEach(function (op) { oldApply2(OLD[op], a.data, SHAPE, a.data, SHAPE, y.data, SHAPE)(); });
cases.forEach(function (c) {
  var b = c[1], bd = b.data, ad = a.data, yd = y.data, per = N / 16;
  Object.keys(NEW).forEach(function (op) {
    var group = op + ', ' + c[0];
    jobs.push({ label: group, group: group, kind: 'old', f: oldApply2(OLD[op], ad, SHAPE, bd, b.shape, yd, SHAPE), n: 0, best: Infinity });
    jobs.push({ label: group, group: group, kind: 'new', f: NEW[op].prepare(node(op, [a, b], y)), n: 0, best: Infinity });
  });
  // A plain loop (Add) for scale.
  var plain: Eval = c[0] === 'same shape' ? function () { for (var i = 0; i < N; i++) yd[i] = ad[i] + bd[i]; } :
    c[0] === 'scalar' ? function () { var s = bd[0]; for (var i = 0; i < N; i++) yd[i] = ad[i] + s; } :
    function () { for (var ch = 0, o = 0; ch < 16; ch++) { var s = bd[ch]; for (var e = o + per; o < e; o++) yd[o] = ad[o] + s; } };
  jobs.push({ label: 'plain Add loop, ' + c[0], group: 'Add, ' + c[0], kind: 'plain', f: plain, n: 0, best: Infinity });
});
[['Relu', Relu], ['HardSwish', HardSwish], ['Sigmoid', Sigmoid]].forEach(function (u: any) {
  jobs.push({ label: u[0], group: u[0], kind: 'new', f: u[1].prepare(node(u[0], [a], y)), n: 0, best: Infinity });
});

jobs.forEach(function (j) { j.f(); var t0 = clock(), n = 0; while (clock() - t0 < BATCH) { j.f(); n++; } j.n = Math.max(1, n); });
for (var r = 0; r < ROUNDS; r++) jobs.forEach(function (j) {
  var t0 = clock();
  for (var i = 0; i < j.n; i++) j.f();
  j.best = Math.min(j.best, (clock() - t0) / j.n);
});
console.log('element-wise, ' + N + ' float32 elements, best of ' + ROUNDS + ' batches (µs per call):');
console.log('  ' + 'op, case'.padEnd(34) + 'shared callback'.padStart(16) + 'own loops'.padStart(11) + 'speed-up'.padStart(10) + 'plain loop'.padStart(12));
var groups: string[] = [];
jobs.forEach(function (j) { if (groups.indexOf(j.group) < 0) groups.push(j.group); });
groups.forEach(function (g) {
  var of = function (k: string) { var j = jobs.find(function (x) { return x.group === g && x.kind === k; }); return j ? j.best * 1000 : NaN; };
  var o = of('old'), nw = of('new'), p = of('plain');
  console.log('  ' + g.padEnd(34) + (isNaN(o) ? '' : o.toFixed(1)).padStart(16) + nw.toFixed(1).padStart(11) +
    (isNaN(o) ? '' : (o / nw).toFixed(1) + '×').padStart(10) + (isNaN(p) ? '' : p.toFixed(1)).padStart(12));
});
