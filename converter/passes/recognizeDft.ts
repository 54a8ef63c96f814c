// A convolution (or matrix product) whose constant weights are a windowed DFT basis, as in
// melspectrogram's and Silero's STFT, becomes one tinyonnx:Stft node (device/kernels/nn/Stft.ts):
// a real FFT per frame instead of one dot product per basis row.
//
// Recognized: a float32 Conv over one channel (1-D [B, 1, L], or 2-D [B, 1, 1, L] with a 1×N
// kernel), group 1, dilation 1, no bias (or a zero one), no fused activation; or a MatMul
// x[..., N] · W[N, C]. N (the kernel length) a power of two >= 4. Every row of the weights (every
// column of W) must equal, within a few float32 ulps of the window's peak,
//   window[n] cos(2 pi k n / N),  window[n] sin(2 pi k n / N)  or  -window[n] sin(2 pi k n / N)
// for some bin k <= N / 2; the window is a cos k = 0 row of the weights (window · cos 0). Convs
// reading the same signal with the same geometry (melspectrogram's real and imaginary convs)
// share one window and become one node with one output each: one FFT serves both.
//
// Only where the FFT is cheaper than the product: rows · N multiply-adds, at productSpeed times
// the speed of scalar JS, against about 5 N log2 N operations for the transform in JS. Targets
// with the WebAssembly SIMD core (node, webview) pass productSpeed 8 (api/build.ts; issue 11
// measured the core's matrix-vector product at 9.4x a tuned JS loop): there melspectrogram's
// 514 rows of 512 become an FFT and Silero's 258 rows of 256 stay products, as measured side by
// side; their JS fallback (--wasm off) keeps the same graph, so it gives the core's math. Float
// graphs only (pipeline.ts).
import { Model, Node, Graph } from '../ir';
import { GraphIndex, constData } from '../graph/uses';
import { Namer } from '../graph/names';
import { staticShape } from '../graph/shapes';
import * as D from '../../device/dtype';
import { STFT_DOMAIN } from '../../device/kernels/nn/Stft';

interface Candidate { node: Node; form: number; N: number; C: number; hop: number; pads: number[]; row: (c: number, n: number) => number }

var ULPS = Math.pow(2, -21);   // tolerance, relative to the window's peak: 8 float32 ulps of it

export function recognizeDft(model: Model, productSpeed = 1): void {
  var g = model.graph, index = new GraphIndex(g), groups: Record<string, Candidate[]> = {}, keys: string[] = [];
  for (var n of g.nodes) {
    var cand = candidate(g, index, n);
    if (!cand) continue;
    var key = [n.inputs[0], cand.form, cand.N, cand.hop, cand.pads.join(',')].join('|');
    if (!groups[key]) { groups[key] = []; keys.push(key); }
    groups[key].push(cand);
  }
  var namer = new Namer(g), replaced = new Map<Node, Node | null>();
  for (var key of keys) {
    var group = groups[key], N = group[0].N, win: Float64Array | null = null, found: { c: Candidate; runs: number[] }[] = [];
    // the window: the first row of a node that is a window (every row of that node fits with it)
    for (var c of group) {
      var w = new Float64Array(N);
      for (var i = 0; i < N; i++) w[i] = c.row(0, i);
      if (classify(c, w)) { win = w; break; }
    }
    if (!win) continue;
    var rows = 0;
    for (var c of group) { var runs = classify(c, win); if (runs) { found.push({ c, runs }); rows += c.C; } }
    if (rows * N / productSpeed <= 5 * N * Math.log2(N)) continue;   // a few bins, or a fast product: keep it
    var first = found[0].c, wname = namer.fresh(first.node.name + '_window');
    g.values.set(wname, { name: wname, dtype: D.FLOAT, shape: [N], data: Float32Array.from(win) });
    var all: number[] = [];
    found.forEach((f, o) => { for (var r = 0; r < f.runs.length; r += 3) all.push(o, f.runs[r], f.runs[r + 1], f.runs[r + 2]); });
    var stft: Node = {
      name: namer.fresh(first.node.name + '_stft'), op: 'Stft', domain: STFT_DOMAIN,
      inputs: [first.node.inputs[0], wname], outputs: found.map(f => f.c.node.outputs[0]),
      attrs: {
        n_fft: { type: 'int', value: N }, form: { type: 'int', value: first.form },
        hop: { type: 'int', value: first.hop }, pads: { type: 'ints', value: first.pads },
        runs: { type: 'ints', value: all },
      },
    };
    found.forEach((f, o) => replaced.set(f.c.node, o === 0 ? stft : null));
  }
  if (!replaced.size) return;
  var nodes: Node[] = [];
  for (var n of g.nodes) {
    if (!replaced.has(n)) { nodes.push(n); continue; }
    var s = replaced.get(n);
    if (s) nodes.push(s);   // where the group's first node was: its signal is ready there
  }
  g.nodes = nodes;
  if (!model.opsets[STFT_DOMAIN]) model.opsets[STFT_DOMAIN] = 1;
}

function ints(n: Node, k: string): number[] | null { return n.attrs[k] ? n.attrs[k].value.map(Number) : null; }

// A Conv/MatMul of the right shape with constant float32 weights, or null.
function candidate(g: Graph, index: GraphIndex, n: Node): Candidate | null {
  if (n.domain !== '' || n.outputs.length !== 1 || n.attrs.activation) return null;
  var x = g.values.get(n.inputs[0]), xs = staticShape(x), y = g.values.get(n.outputs[0]);
  if (!x || x.dtype !== D.FLOAT || !xs || !y || y.dtype !== D.FLOAT || constData(g, index, n.inputs[0])) return null;
  var W = constData(g, index, n.inputs[1]);
  if (!W || W.dtype !== D.FLOAT) return null;
  var d = W.data, ws = W.shape;
  if (n.op === 'MatMul') {
    if (ws.length !== 2 || xs.length < 1 || xs[xs.length - 1] !== ws[0]) return null;
    var K = ws[0], Cm = ws[1];
    return pow2(K) ? { node: n, form: 0, N: K, C: Cm, hop: K, pads: [0, 0], row: (c, i) => d[i * Cm + c] } : null;
  }
  if (n.op !== 'Conv' || n.inputs.length > 3) return null;
  if (n.inputs[2]) {
    var bias = constData(g, index, n.inputs[2]);
    if (!bias) return null;
    for (var i = 0; i < bias.data.length; i++) if (bias.data[i] !== 0) return null;
  }
  var two = ws.length === 4, form = two ? 2 : 1;
  if (ws.length !== 3 && !two) return null;
  if (ws[1] !== 1 || (two && ws[2] !== 1) || xs.length !== ws.length || xs[1] !== 1 || (two && xs[2] !== 1)) return null;
  var N = ws[ws.length - 1], C = ws[0], rank = ws.length - 2;
  var group = n.attrs.group ? Number(n.attrs.group.value) : 1, ap = n.attrs.auto_pad ? n.attrs.auto_pad.value : 'NOTSET';
  var dil = ints(n, 'dilations'), st = ints(n, 'strides'), pads = ints(n, 'pads'), ks = ints(n, 'kernel_shape');
  if (group !== 1 || (ap !== 'NOTSET' && ap !== '') || !pow2(N)) return null;
  if (dil && dil.some(v => v !== 1)) return null;
  if (ks && ks[rank - 1] !== N) return null;
  var hop = st ? st[rank - 1] : 1;
  if (two && st && st[0] !== 1) return null;
  var p = pads || new Array(2 * rank).fill(0);
  if (two && (p[0] !== 0 || p[2] !== 0)) return null;
  var pb = p[rank - 1], pe = p[2 * rank - 1];
  if (pb < 0 || pe < 0 || pb >= N || pe >= N) return null;
  return { node: n, form, N, C, hop, pads: [pb, pe], row: (c, i) => d[c * N + i] };
}

function pow2(N: number): boolean { return N >= 4 && N <= 65536 && (N & (N - 1)) === 0; }

// The candidate's rows as runs (kind, first bin, count) of the basis under window w (kind 0
// cos, 1 sin, 2 -sin), or null when a row is no basis row.
function classify(c: Candidate, w: Float64Array): number[] | null {
  var N = c.N, peak = 0;
  for (var i = 0; i < N; i++) peak = Math.max(peak, Math.abs(w[i]));
  if (!(peak > 0)) return null;
  var tol = peak * ULPS, runs: number[] = [], kind = -1, k = -1;
  var cos = new Float64Array(N), sin = new Float64Array(N);
  for (i = 0; i < N; i++) { cos[i] = Math.cos(2 * Math.PI * i / N); sin[i] = Math.sin(2 * Math.PI * i / N); }
  var fits = (r: number, kd: number, b: number) => {
    for (var n = 0; n < N; n++) {
      var t = (b * n) % N, ref = w[n] * (kd === 0 ? cos[t] : kd === 1 ? sin[t] : -sin[t]);
      if (!(Math.abs(c.row(r, n) - ref) <= tol)) return false;
    }
    return true;
  };
  for (var r = 0; r < c.C; r++) {
    if (kind >= 0 && k + 1 <= N / 2 && fits(r, kind, k + 1)) { k++; runs[runs.length - 1]++; continue; }
    var hit = false;
    for (var b = 0; b <= N / 2 && !hit; b++)
      for (var kd = 0; kd < 3 && !hit; kd++) {
        var order = [0, 2, 1][kd];
        if (fits(r, order, b)) { hit = true; kind = order; k = b; runs.push(order, b, 1); }
      }
    if (!hit) return null;
  }
  return runs;
}
