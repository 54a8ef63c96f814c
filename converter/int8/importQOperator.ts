// Imports models quantized in QOperator form with onnxruntime's com.microsoft contrib ops: each
// node becomes the tinyonnx.int8 kernel that computes it (converter/qoperator/):
//
//   QLinearAdd, QLinearMul                 QAdd, QMul
//   QLinearSigmoid, QLinearLeakyRelu       QLookup (a 256-entry table built like onnxruntime's)
//   QLinearAveragePool                     QAveragePool (ceil_mode as grown end pads; channels_last
//                                          between two int8 Transposes)
//   QLinearGlobalAveragePool               QGlobalAveragePool (channels_last read in place)
//   QLinearConcat                          QConcat
//   QGemm                                  QMatMul with y_scale; MatMulInteger → Add → Cast → Mul without
//
// The ai.onnx QOperator ops (QLinearConv, QLinearMatMul, ...) have kernels of their own. The
// pass runs first, before fuseQdq: inference (which fuseQdq and the shapes asked for here rely
// on) needs a kernel for every node. Scales and zero points must be constants; a node that
// cannot be imported stops the build with one line naming node, op and input or attribute.
import { Model, Node } from '../ir';
import { Namer } from '../graph/names';
import { GraphIndex } from '../graph/uses';
import { QOp, prefixShapes } from './qoperator/context';
import { binary, lookup } from './qoperator/pointwise';
import { averagePool, globalAveragePool } from './qoperator/pool';
import { concat } from './qoperator/concat';
import { gemm } from './qoperator/gemm';
import { INT8_DOMAIN } from '../../device/kernels/int8/domain';

export var MS_DOMAIN = 'com.microsoft';

var REWRITES: Record<string, (q: QOp) => Node[]> = {
  QLinearAdd: binary, QLinearMul: binary,
  QLinearSigmoid: lookup, QLinearLeakyRelu: lookup,
  QLinearAveragePool: averagePool, QLinearGlobalAveragePool: globalAveragePool,
  QLinearConcat: concat, QGemm: gemm,
};

export function importQOperator(model: Model): void {
  var g = model.graph;
  var rewriteOf = (n: Node) => (n.domain === MS_DOMAIN && Object.prototype.hasOwnProperty.call(REWRITES, n.op) ? REWRITES[n.op] : null);
  if (!g.nodes.some(rewriteOf)) return;
  var index = new GraphIndex(g), namer = new Namer(g), done: Node[] = [];
  var shapes = prefixShapes(model, () => done);
  for (var n of g.nodes) {
    var rewrite = rewriteOf(n);
    if (!rewrite) { done.push(n); continue; }
    for (var r of rewrite(new QOp(model, n, index, namer, shapes))) done.push(r);
  }
  g.nodes = done;
  if (!model.opsets[INT8_DOMAIN]) model.opsets[INT8_DOMAIN] = 1;
}
