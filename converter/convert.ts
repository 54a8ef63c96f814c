// The converter as a list of passes: read → specialize → infer+fold → drop copies and dead nodes.
import { Model } from './ir';
import { readOnnx } from './readOnnx';
import { specialize, Specialization } from './passes/specialize';
import { inferAndFold } from './passes/inferAndFold';
import { eliminateDead } from './passes/eliminateDead';
import { eliminateIdentity } from './passes/eliminateIdentity';

export interface ConvertOptions extends Partial<Specialization> {}

export function convertModel(model: Model, opts: ConvertOptions = {}): Model {
  specialize(model, { shapes: opts.shapes || {}, consts: opts.consts || {} });
  inferAndFold(model);
  eliminateIdentity(model.graph);
  eliminateDead(model.graph);
  return model;
}

export function convertFile(file: string, opts: ConvertOptions = {}): Model {
  return convertModel(readOnnx(file), opts);
}
