// The converter, as one list: model.onnx's IR in, model.tnx and ops.json out. Every step is a
// pass with one input and one output (the model, rewritten in place, unless it says otherwise),
// run here and nowhere else; a step that infers types again says so. docs/architecture.md
// walks through the list.
import { Model } from './ir';
import { specialize, Specialization } from './passes/specialize';
import { inferAndFold } from './passes/inferAndFold';
import { eliminateDead } from './passes/eliminateDead';
import { eliminateIdentity } from './passes/eliminateIdentity';
import { fuseLayerNorm } from './passes/fuseLayerNorm';
import { splitWide } from './passes/splitWide';
import { lowerLstm } from './passes/lowerLstm';
import { fuseQdq } from './int8/fuseQdq';
import { INT8_DOMAIN } from '../device/kernels/int8/domain';
import { importQOperator } from './int8/importQOperator';
import { annotateQuant } from './int8/quantize/annotate';
import { restoreNames } from './int8/quantize/names';
import { qdqOnnx } from './int8/quantize/emitQdq';
import { QuantizeOptions, QuantizeResult, prepareQuantize, insertQdqAll, fuseQdqAll, measureAccuracy } from './int8/quantize/pass';
import { emitModel } from './emit';
import { ArenaPlan } from './planArena';
import { opsManifest, Manifest } from './manifest';
import { writeModel } from '../format/write';
import { validateGraph } from './passes/validateGraph';
import { checkLimits, checkArena } from './passes/checkLimits';
import { StatePairs, checkStatePairs } from './state';
import { foldBatchNorm } from './passes/foldBatchNorm';
import { recognizeActivations } from './passes/recognizeActivations';
import { fuseActivation } from './passes/fuseActivation';
import { recognizeDft } from './passes/recognizeDft';

// maxView: the most bytes the target engine views of one ArrayBuffer (Espruino: 65535).
// maxArena: the most bytes one tensor, and the planned arena, may take (checkLimits.ts).
// state: output → input pairs the runtime carries between runs (converter/state.ts).
// dft: false keeps DFT-basis convolutions as products; productSpeed: how many times scalar JS's speed
// the target runs a float product (the WebAssembly SIMD core: 8), weighed against the FFT (recognizeDft.ts).
export interface ConvertOptions extends Partial<Specialization> { quantize?: QuantizeOptions; maxView?: number; maxArena?: number; state?: StatePairs; dft?: boolean; productSpeed?: number }

export interface Converted { model: Model; quantization: QuantizeResult | null }

export function convertModel(model: Model, opts: ConvertOptions = {}): Converted {
  validateGraph(model);         // malformed graphs: one line before any pass runs
  specialize(model, { shapes: opts.shapes || {}, consts: opts.consts || {} });   // --shape, --const
  importQOperator(model);       // com.microsoft QLinear*/QGemm → int8 kernels (types from an inferred copy)
  fuseQdq(model);               // DQ → op → Q groups → int8 kernels (types from an inferred copy)
  inferAndFold(model);          // types and shapes; constants folded, Ifs on constants inlined, sequence ops lowered
  checkLimits(model, opts.maxArena);   // no tensor bigger than --max-arena; sane window geometry
  fuseLayerNorm(model);         // decomposed LayerNorm → LayerNormalization
  var quantization = opts.quantize ? quantizeModel(model, opts.quantize) : null;
  annotateQuant(model);         // quantization parameters onto int8 tensors
  if (!isQuantized(model)) {    // float rewrites: an int8 graph must keep its QDQ model's exact meaning
    foldBatchNorm(model);       // Conv/ConvTranspose/Gemm → BatchNormalization: one node
    recognizeActivations(model);  // written-out HardSwish, HardSigmoid, SiLU, GELU → one node
    fuseActivation(model);      // activation → the Conv/Gemm/MatMul epilogue
    if (opts.dft !== false) recognizeDft(model, opts.productSpeed);   // Conv/MatMul on a windowed DFT basis → tinyonnx:Stft (an FFT)
  }
  if (opts.maxView) {           // weights an engine cannot view whole → pieces
    lowerLstm(model, opts.maxView);
    splitWide(model, opts.maxView);
  }
  eliminateIdentity(model.graph);
  eliminateDead(model.graph);
  if (opts.state) checkStatePairs(model, opts.state);   // --state OUT=IN: both exist, same type
  return { model, quantization };
}

// int8 kernels or QuantizeLinear/DequantizeLinear anywhere in the main graph.
function isQuantized(model: Model): boolean {
  return !!model.opsets[INT8_DOMAIN] || model.graph.nodes.some(n => n.domain === '' && (n.op === 'QuantizeLinear' || n.op === 'DequantizeLinear'));
}

// --quantize int8 | dynamic: the float graph becomes int8 kernels, then is measured against itself.
function quantizeModel(model: Model, q: QuantizeOptions): QuantizeResult {
  var run = prepareQuantize(model, q);        // options checked, samples read, float model kept, calibrated
  var tensors = insertQdqAll(model, run);     // the QDQ graph, bodies included
  var qdq = q.emitQdq ? qdqOnnx(model) : undefined;   // --emit-qdq: that graph as ONNX bytes
  fuseQdqAll(model);                          // QDQ groups → int8 kernels, bodies included
  inferAndFold(model);                        // infers again: the int8 graph's types, folded
  annotateQuant(model);
  eliminateDead(model.graph);
  restoreNames(model);                        // the model's own names on the tensors it had
  return measureAccuracy(model, run, tensors, qdq);
}

export interface Compiled extends Converted { tnx: Uint8Array; plan: ArenaPlan; manifest: Manifest }

// The converter's products: the passes above, then the arena plan and tensor table (emit), the
// FlatBuffer bytes (model.tnx) and the op set (ops.json).
export function compileModel(model: Model, opts: ConvertOptions = {}): Compiled {
  var c = convertModel(model, opts);
  var emitted = emitModel(c.model, { maxView: opts.maxView, state: opts.state });
  checkArena(c.model, emitted.plan.arenaBytes, opts.maxArena);   // the planned arena within --max-arena
  var tnx = writeModel(emitted.model);
  return { model: c.model, quantization: c.quantization, tnx, plan: emitted.plan, manifest: opsManifest(c.model) };
}
