import { Meta, Infer, Node, fail } from '../kernel';
import { planEinsum } from '../util/nn-einsum';

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
