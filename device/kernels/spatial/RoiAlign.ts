import { Node, fail } from '../contract';
import { Meta, Infer } from '../infer';

export var meta: Meta = { op: 'RoiAlign', domain: '', since: 10, dtypes: ['float32', 'float64'] };

export var infer: Infer = function (node) {
  var x = node.inputs[0]!, rois = node.inputs[1]!, bi = node.inputs[2]!;
  if (x.shape.length !== 4) fail('X must be 4-D [N, C, H, W], got [' + x.shape + ']');
  if (rois.shape.length !== 2 || rois.shape[1] !== 4 || bi.shape[0] !== rois.shape[0]) fail('rois must be [R, 4] with R batch_indices');
  var a = node.attrs;
  return [{ dtype: x.dtype, shape: [rois.shape[0], x.shape[1], a.output_height || 1, a.output_width || 1] }];
};

// Each output bin averages (or takes the max of) bilinear samples on a grid inside the bin;
// samples further than one pixel outside the map count as zero. Opset 10 has no half-pixel shift.
export function prepare(node: Node) {
  var xs = node.inputs[0]!.shape, C = xs[1], H = xs[2], W = xs[3], a = node.attrs;
  var x = node.inputs[0]!.data, rois = node.inputs[1]!.data, bi = node.inputs[2]!.data, y = node.outputs[0].data;
  var R = node.outputs[0].shape[0], PH = a.output_height || 1, PW = a.output_width || 1;
  var scale = a.spatial_scale === undefined ? 1 : a.spatial_scale, ratio = a.sampling_ratio || 0;
  var half = node.opset >= 16 && (a.coordinate_transformation_mode || 'half_pixel') === 'half_pixel';
  var isMax = a.mode === 'max', HW = H * W, PP = PH * PW;
  return function () {
    for (var i = 0; i < y.length; i++) y[i] = 0;
    for (var r = 0; r < R; r++) {
      var off = half ? 0.5 : 0, b = bi[r];
      var sw = rois[r * 4] * scale - off, sh = rois[r * 4 + 1] * scale - off;
      var rw = rois[r * 4 + 2] * scale - off - sw, rh = rois[r * 4 + 3] * scale - off - sh;
      if (!half) { if (rw < 1) rw = 1; if (rh < 1) rh = 1; }
      var bh = rh / PH, bw = rw / PW;
      var gh = ratio > 0 ? ratio : Math.ceil(rh / PH), gw = ratio > 0 ? ratio : Math.ceil(rw / PW);
      var count = gh * gw > 1 ? gh * gw : 1;
      for (var ph = 0; ph < PH; ph++) for (var pw = 0; pw < PW; pw++) {
        var yo = r * C * PP + ph * PW + pw, first = true;
        for (var iy = 0; iy < gh; iy++) for (var ix = 0; ix < gw; ix++) {
          var yy = sh + ph * bh + (iy + 0.5) * bh / gh, xx = sw + pw * bw + (ix + 0.5) * bw / gw;
          var p1 = 0, p2 = 0, p3 = 0, p4 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0;
          if (!(yy < -1 || yy > H || xx < -1 || xx > W)) {
            if (yy < 0) yy = 0;
            if (xx < 0) xx = 0;
            var yl = yy | 0, xl = xx | 0, yh2: number, xh2: number;
            if (yl >= H - 1) { yh2 = yl = H - 1; yy = yl; } else yh2 = yl + 1;
            if (xl >= W - 1) { xh2 = xl = W - 1; xx = xl; } else xh2 = xl + 1;
            var ly = yy - yl, lx = xx - xl, hy = 1 - ly, hx = 1 - lx;
            p1 = yl * W + xl; p2 = yl * W + xh2; p3 = yh2 * W + xl; p4 = yh2 * W + xh2;
            w1 = hy * hx; w2 = hy * lx; w3 = ly * hx; w4 = ly * lx;
          }
          for (var c = 0; c < C; c++) {
            var xb = (b * C + c) * HW, o = yo + c * PP;
            if (isMax) {
              var v = w1 * x[xb + p1], t = w2 * x[xb + p2];
              if (t > v) v = t;
              t = w3 * x[xb + p3]; if (t > v) v = t;
              t = w4 * x[xb + p4]; if (t > v) v = t;
              if (first || v > y[o]) y[o] = v;
            } else y[o] += w1 * x[xb + p1] + w2 * x[xb + p2] + w3 * x[xb + p3] + w4 * x[xb + p4];
          }
          first = false;
        }
        if (!isMax) for (var c = 0; c < C; c++) y[yo + c * PP] /= count;
      }
    }
  };
}
