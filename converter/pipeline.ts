// The converter as a list of passes: read → specialize → infer+fold → fuse → drop copies and dead nodes.
import { Model } from './ir';
import { readOnnx } from './readOnnx';
import { specialize, Specialization } from './passes/specialize';
import { inferAndFold } from './passes/inferAndFold';
import { eliminateDead } from './passes/eliminateDead';
import { eliminateIdentity } from './passes/eliminateIdentity';
import { fuseQdq } from './int8/fuseQdq';
import { importQOperator } from './int8/importQOperator';
import { fuseLayerNorm } from './passes/fuseLayerNorm';
import { quantize, QuantizeOptions } from './int8/quantize/pass';
import { annotateQuant } from './int8/quantize/annotate';
import { splitWide } from './passes/splitWide';
import { lowerLstm } from './passes/lowerLstm';
import { foldBatchNorm } from './passes/foldBatchNorm';
import { recognizeActivations } from './passes/recognizeActivations';
import { fuseActivation } from './passes/fuseActivation';

// maxView: the most bytes the target engine views of one ArrayBuffer (Espruino: 65535).
export interface ConvertOptions extends Partial<Specialization> { quantize?: QuantizeOptions; maxView?: number }

export function convertModel(model: Model, opts: ConvertOptions = {}): Model {
  specialize(model, { shapes: opts.shapes || {}, consts: opts.consts || {} });
  importQOperator(model);                           // com.microsoft QLinear*/QGemm → int8 kernels
  fuseQdq(model);                                   // QDQ models → int8 kernels (no-op otherwise)
  inferAndFold(model);
  fuseLayerNorm(model);                             // decomposed LayerNorm → LayerNormalization
  if (opts.quantize) quantize(model, opts.quantize);  // --quantize int8 | dynamic
  annotateQuant(model);                             // quantization metadata onto int8 tensors
  foldBatchNorm(model);                             // Conv/ConvTranspose/Gemm → BatchNormalization: one node
  recognizeActivations(model);                      // written-out HardSwish, HardSigmoid, SiLU, GELU → one node
  fuseActivation(model);                            // activation → Conv/Gemm/MatMul epilogue
  if (opts.maxView) {                              // weights an engine cannot view whole → pieces
    lowerLstm(model, opts.maxView);
    splitWide(model, opts.maxView);
  }
  eliminateIdentity(model.graph);
  eliminateDead(model.graph);
  return model;
}

export function convertFile(file: string, opts: ConvertOptions = {}): Model {
  return convertModel(readOnnx(file), opts);
}
