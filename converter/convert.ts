// The converter as a list of passes: read → specialize → infer+fold → drop copies and dead nodes.
import { Model } from './ir';
import { readOnnx } from './readOnnx';
import { specialize, Specialization } from './passes/specialize';
import { inferAndFold } from './passes/inferAndFold';
import { eliminateDead } from './passes/eliminateDead';
import { eliminateIdentity } from './passes/eliminateIdentity';
import { fuseQdq } from './passes/fuseQdq';
import { quantize, QuantizeOptions } from './quantize/pass';
import { annotateQuant } from './quantize/annotate';

export interface ConvertOptions extends Partial<Specialization> { quantize?: QuantizeOptions }

export function convertModel(model: Model, opts: ConvertOptions = {}): Model {
  specialize(model, { shapes: opts.shapes || {}, consts: opts.consts || {} });
  fuseQdq(model);                                   // QDQ models → int8 kernels (no-op otherwise)
  inferAndFold(model);
  if (opts.quantize) quantize(model, opts.quantize);  // --quantize int8 | dynamic
  annotateQuant(model);                             // quantization metadata onto int8 tensors
  eliminateIdentity(model.graph);
  eliminateDead(model.graph);
  return model;
}

export function convertFile(file: string, opts: ConvertOptions = {}): Model {
  return convertModel(readOnnx(file), opts);
}
