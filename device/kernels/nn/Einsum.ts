import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { planEinsum, Plan } from './einsumPlan';
import { gemm } from './gemmCore';

export var meta: Meta = { op: 'Einsum', domain: '', since: 12, dtypes: ['float32', 'float64', 'int32', 'uint32'] };

function shapes(node: { inputs: any[] }): number[][] {
  return node.inputs.map(function (v) { if (!v) fail('Einsum inputs cannot be omitted'); return v.shape; });
}

export var infer: Infer = function (node) {
  return [{ dtype: node.inputs[0]!.dtype, shape: planEinsum(node.attrs.equation, shapes(node)).out }];
};

// One odometer over every label (output labels outside, summed labels inside); the last
// label runs as a tight loop, summing into a local when it is a summed label.
export function prepare(node: Node) {
  var p = planEinsum(node.attrs.equation, shapes(node));
  var fast = node.inputs.length === 2 ? asGemm(node, p) : null;
  if (fast) return fast;
  var nops = node.inputs.length, L = p.sizes.length, y = node.outputs[0].data;
  var ops = node.inputs.map(function (t) { return t!.data; }), a = ops[0], b = nops > 1 ? ops[1] : a;
  var sz = p.sizes, st = p.opStrides, ys = p.outStrides, total = 1;
  for (var j = 0; j < L; j++) total *= sz[j];
  var last = L ? sz[L - 1] : 1, la = L ? st[0][L - 1] : 0, lb = L && nops > 1 ? st[1][L - 1] : 0, ly = L ? ys[L - 1] : 0;
  var idx = new Int32Array(L + 1), off = new Int32Array(nops);
  return function () {
    for (var i = 0; i < y.length; i++) y[i] = 0;
    if (total === 0) return;
    for (var j = 0; j < L; j++) idx[j] = 0;
    for (var k = 0; k < nops; k++) off[k] = 0;
    var yo = 0, done = 0;
    while (done < total) {
      var pa = off[0], pb = nops > 1 ? off[1] : 0, s = 0, i: number;
      if (nops === 1) {
        if (ly === 0) { for (i = 0; i < last; i++) s += a[pa + i * la]; y[yo] += s; }
        else for (i = 0; i < last; i++) y[yo + i * ly] += a[pa + i * la];
      } else if (nops === 2) {
        if (ly === 0) { for (i = 0; i < last; i++) s += a[pa + i * la] * b[pb + i * lb]; y[yo] += s; }
        else for (i = 0; i < last; i++) y[yo + i * ly] += a[pa + i * la] * b[pb + i * lb];
      } else {
        for (i = 0; i < last; i++) {
          var v = 1;
          for (var k = 0; k < nops; k++) v *= ops[k][off[k] + i * (L ? st[k][L - 1] : 0)];
          y[yo + i * ly] += v;
        }
      }
      done += last;
      for (var d = L - 2; d >= 0; d--) {
        idx[d]++; yo += ys[d];
        for (var k = 0; k < nops; k++) off[k] += st[k][d];
        if (idx[d] < sz[d]) break;
        yo -= ys[d] * sz[d];
        for (var k = 0; k < nops; k++) off[k] -= st[k][d] * sz[d];
        idx[d] = 0;
      }
    }
  };
}

// Two operands whose labels sort into batch (A, B, out), m (A, out), n (B, out) and k (A, B)
// with at most one label each for m, n and k: a strided gemm per batch element.
function asGemm(node: Node, p: Plan) {
  var sa = p.opStrides[0], sb = p.opStrides[1], so = p.outStrides, sz = p.sizes, R = p.out.length;
  var m = -1, n = -1, k = -1, batch: number[] = [];
  for (var j = 0; j < sz.length; j++) {
    if (sz[j] === 1) continue;
    var inA = sa[j] !== 0, inB = sb[j] !== 0, out = j < R;
    if (inA && inB && out) batch.push(j);
    else if (inA && out && !inB) { if (m >= 0) return null; m = j; }
    else if (inB && out && !inA) { if (n >= 0) return null; n = j; }
    else if (inA && inB && !out) { if (k >= 0) return null; k = j; }
    else if (sz[j] !== 0) return null;
  }
  var nb = 1;
  for (var j = 0; j < batch.length; j++) nb *= sz[batch[j]];
  var ao = new Int32Array(nb), bo = new Int32Array(nb), yo = new Int32Array(nb);
  for (var t = 0; t < nb; t++) {
    var rest = t;
    for (var j = batch.length - 1; j >= 0; j--) {
      var l = batch[j], c = rest % sz[l]; rest = (rest - c) / sz[l];
      ao[t] += c * sa[l]; bo[t] += c * sb[l]; yo[t] += c * so[l];
    }
  }
  var M = m < 0 ? 1 : sz[m], N = n < 0 ? 1 : sz[n], K = k < 0 ? 1 : sz[k];
  var am = m < 0 ? 0 : sa[m], ak = k < 0 ? 0 : sa[k], bk = k < 0 ? 0 : sb[k], bn = n < 0 ? 0 : sb[n];
  var ym = m < 0 ? 0 : so[m], yn = n < 0 ? 0 : so[n];
  var a = node.inputs[0]!.data, b = node.inputs[1]!.data, y = node.outputs[0].data;
  return function () {
    if (y.length === 0) return;
    for (var t = 0; t < nb; t++) gemm(M, N, K, a, ao[t], am, ak, b, bo[t], bk, bn, y, yo[t], ym, yn, null, 0, false);
  };
}
