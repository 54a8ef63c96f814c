import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';
import { normAxis, stridesOf } from '../shape';
import { sizeOf } from '../../dtype';

export var meta: Meta = { op: 'Scan', domain: '', since: 9, dtypes: ['float32', 'float64', 'int32', 'int8', 'uint8', 'int16', 'uint16', 'uint32', 'bool'] };

function axes(list: number[] | undefined, n: number, ranks: number[]) {
  var r: number[] = [];
  for (var i = 0; i < n; i++) r.push(list && list[i] !== undefined ? normAxis(list[i], ranks[i]) : 0);
  return r;
}

// Inputs: N states then M scan inputs; body: (states…, scan slices…) → (states…, scan outputs…).
export var infer: Infer = function (node) {
  var M = node.attrs.num_scan_inputs, N = node.inputs.length - M;
  if (!(M >= 1 && N >= 0)) fail('num_scan_inputs = ' + M + ' does not fit its ' + node.inputs.length + ' inputs');
  var scans = node.inputs.slice(N);
  for (var j = 0; j < M; j++) if (!scans[j] || !scans[j]!.shape.length) fail('scan input ' + j + ' is missing or a scalar; it needs a sequence axis');
  var inAxes = axes(node.attrs.scan_input_axes, M, scans.map(function (s) { return s!.shape.length; }));
  var T = scans[0]!.shape[inAxes[0]];
  var bodyIn = node.inputs.slice(0, N).map(function (s) { return { dtype: s!.dtype, shape: s!.shape }; });
  for (var i = 0; i < M; i++) {
    var sh = scans[i]!.shape.slice(0);
    if (sh[inAxes[i]] !== T) fail('scan inputs have different sequence lengths');
    sh.splice(inAxes[i], 1);
    bodyIn.push({ dtype: scans[i]!.dtype, shape: sh });
  }
  var body = node.graphs.body(bodyIn);
  var out = [];
  for (var s = 0; s < N; s++) out.push({ dtype: body[s].dtype, shape: body[s].shape });
  var K = body.length - N;
  var outAxes = node.attrs.scan_output_axes || [];
  for (var k = 0; k < K; k++) {
    var shape = body[N + k].shape.slice(0);
    var ax = outAxes[k] === undefined ? 0 : outAxes[k];
    if (ax < 0) ax += shape.length + 1;
    shape.splice(ax, 0, T);
    out.push({ dtype: body[N + k].dtype, shape: shape });
  }
  return out;
};

// Copies slice t of `src` along `axis` to/from a contiguous buffer, via outer/inner block sizes.
function slicer(shape: number[], axis: number) {
  var outer = sizeOf(shape.slice(0, axis)), inner = stridesOf(shape)[axis], T = shape[axis];
  return { outer: outer, inner: inner, T: T };
}

export function prepare(node: Node) {
  var a = node.attrs, M = a.num_scan_inputs, N = node.inputs.length - M;
  var body = node.graphs.body, bin = body.inputs, bout = body.outputs, outs = node.outputs;
  var K = outs.length - N;
  var inS: any[] = [], outS: any[] = [], inRev: boolean[] = [], outRev: boolean[] = [];
  for (var i = 0; i < M; i++) {
    var sh = node.inputs[N + i]!.shape;
    inS.push(slicer(sh, a.scan_input_axes ? normAxis(a.scan_input_axes[i], sh.length) : 0));
    inRev.push(!!(a.scan_input_directions && a.scan_input_directions[i]));
  }
  for (var k = 0; k < K; k++) {
    var osh = outs[N + k].shape;
    outS.push(slicer(osh, a.scan_output_axes ? normAxis(a.scan_output_axes[k], osh.length) : 0));
    outRev.push(!!(a.scan_output_directions && a.scan_output_directions[k]));
  }
  var T = M ? inS[0].T : 0;
  return function () {
    for (var s = 0; s < N; s++) bin[s].data.set(node.inputs[s]!.data);
    for (var t = 0; t < T; t++) {
      for (var i = 0; i < M; i++) {
        var sl = inS[i], src = node.inputs[N + i]!.data, dst = bin[N + i].data, ti = inRev[i] ? T - 1 - t : t;
        for (var o = 0; o < sl.outer; o++) dst.set(src.subarray((o * sl.T + ti) * sl.inner, (o * sl.T + ti + 1) * sl.inner), o * sl.inner);
      }
      body.run();
      for (var s = 0; s < N; s++) bin[s].data.set(bout[s].data);
      for (var k = 0; k < K; k++) {
        var ol = outS[k], from = bout[N + k].data, to = outs[N + k].data, tk = outRev[k] ? T - 1 - t : t;
        for (var o = 0; o < ol.outer; o++) to.set(from.subarray(o * ol.inner, (o + 1) * ol.inner), (o * ol.T + tk) * ol.inner);
      }
    }
    for (var s = 0; s < N; s++) outs[s].data.set(bin[s].data);
  };
}
