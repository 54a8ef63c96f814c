import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { gemm } from './gemmCore';
import { reserve, scratch } from './scratch';

export var meta: Meta = { op: 'ConvTranspose', domain: '', since: 1, dtypes: ['float32', 'float64'] };

// X [N, C, ...in], W [C, M/group, ...k]. Per axis: output = s*(in-1) + output_padding +
// (k-1)*d + 1 - pads, or output_shape / SAME (= in*s) with the pads derived from it.
function setup(x: number[], w: number[], a: any) {
  var n = x.length - 2;
  if (n < 1 || n > 3) fail('spatial rank ' + n + ' is not supported (1 to 3 spatial axes)');
  if (w.length !== x.length) fail('weight rank ' + w.length + ' differs from input rank ' + x.length);
  var group = a.group === undefined ? 1 : a.group, C = x[1];
  if (w[0] !== C || C % group !== 0) fail('weight has ' + w[0] + ' input channels, input has ' + C + ' (group ' + group + ')');
  var os: number[] | undefined = a.output_shape, auto = a.auto_pad || 'NOTSET';
  if (os && os.length === n + 2) os = os.slice(2);
  var g = { inS: [1, 1, 1], outS: [1, 1, 1], k: [1, 1, 1], s: [1, 1, 1], d: [1, 1, 1], pb: [0, 0, 0], rank: n };
  for (var i = 0; i < n; i++) {
    var j = i + 3 - n, L = x[i + 2], k = w[i + 2], s = a.strides ? a.strides[i] : 1, d = a.dilations ? a.dilations[i] : 1;
    var op = a.output_padding ? a.output_padding[i] : 0, ek = (k - 1) * d + 1, full = s * (L - 1) + op + ek, o: number, b: number;
    if (os || auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
      o = os ? os[i] : L * s;
      var total = full - o;
      b = auto === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
    } else {
      var pads = auto === 'VALID' ? null : a.pads;
      b = pads ? pads[i] : 0;
      o = full - b - (pads ? pads[i + n] : 0);
    }
    if (o < 1) fail('output size ' + o + ' along spatial axis ' + i + ' is not positive');
    g.inS[j] = L; g.outS[j] = o; g.k[j] = k; g.s[j] = s; g.d[j] = d; g.pb[j] = b;
  }
  return { g: g, N: x[0], C: C, group: group, Cg: C / group, Mg: w[1], M: w[1] * group };
}

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, st = setup(x.shape, node.inputs[1]!.shape, node.attrs);
  return [{ dtype: x.dtype, shape: [st.N, st.M].concat(st.g.outS.slice(3 - st.g.rank)) }];
};

// Per group: col[(m, taps), inputs] = W^T x X through gemm, then each column is added into
// the output positions its taps reach (col2im), over input ranges cut to the output.
export function prepare(node: Node) {
  var st = setup(node.inputs[0]!.shape, node.inputs[1]!.shape, node.attrs), g = st.g;
  var x = node.inputs[0]!.data, w = node.inputs[1]!.data, y = node.outputs[0].data;
  var B = node.inputs[2], bias = B ? B.data : null;
  var N = st.N, C = st.C, M = st.M, Cg = st.Cg, Mg = st.Mg, group = st.group;
  var K = [g.k[0], g.k[1], g.k[2]], Kk = K[0] * K[1] * K[2], R = Mg * Kk;
  var I = g.inS, O = g.outS, ip = I[0] * I[1] * I[2], op = O[0] * O[1] * O[2];
  // per axis and tap: the input range [lo, hi) landing inside the output, and the output
  // index of input 0 (output = i*s + base)
  var lo: Int32Array[] = [], hi: Int32Array[] = [], base: Int32Array[] = [];
  for (var a = 0; a < 3; a++) {
    lo.push(new Int32Array(K[a])); hi.push(new Int32Array(K[a])); base.push(new Int32Array(K[a]));
    for (var k = 0; k < K[a]; k++) {
      var bs = k * g.d[a] - g.pb[a], s = g.s[a];
      var l = bs >= 0 ? 0 : Math.ceil(-bs / s), h = Math.floor((O[a] - 1 - bs) / s) + 1;
      if (h > I[a]) h = I[a];
      if (h < l) h = l;
      lo[a][k] = l; hi[a][k] = h; base[a][k] = bs;
    }
  }
  var sd = g.s[0], sh = g.s[1], sw = g.s[2];
  reserve(R * ip);
  return function () {
    var col = scratch();
    for (var n = 0; n < N; n++) for (var gi = 0; gi < group; gi++) {
      var yo = (n * M + gi * Mg) * op;
      gemm(R, ip, Cg, w, gi * Cg * R, 1, R, x, (n * C + gi * Cg) * ip, ip, 1, col, 0, ip, 1, null, 0, false);
      for (var m = 0; m < Mg; m++) {
        var yc = yo + m * op, bv = bias ? bias[gi * Mg + m] : 0, r = m * Kk;
        for (var i = 0; i < op; i++) y[yc + i] = bv;
        for (var kd = 0; kd < K[0]; kd++) for (var kh = 0; kh < K[1]; kh++) for (var kw = 0; kw < K[2]; kw++, r++) {
          var c0 = r * ip, w0 = lo[2][kw], w1 = hi[2][kw], wb = base[2][kw];
          for (var id = lo[0][kd]; id < hi[0][kd]; id++) {
            var od = id * sd + base[0][kd];
            for (var ih = lo[1][kh]; ih < hi[1][kh]; ih++) {
              var src = c0 + (id * I[1] + ih) * I[2], dst = yc + (od * O[1] + ih * sh + base[1][kh]) * O[2] + wb;
              for (var iw = w0; iw < w1; iw++) y[dst + iw * sw] += col[src + iw];
            }
          }
        }
      }
    }
  };
}
