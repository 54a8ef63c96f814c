// The steps of quantization (--quantize int8 | dynamic), which converter/pipeline.ts runs in
// order on the specialized, inferred, folded float graph:
//   int8     calibrate on the samples → plan (plan.ts) → QDQ graph (insertQdq.ts; what
//            --emit-qdq writes) → int8 kernels (int8/fuseQdq.ts) → re-infer
//   dynamic  int8 per-channel weights, activations quantized at run time from their own range
//            (onnxruntime's quantize_dynamic form: dynamic.ts; what --emit-qdq writes) → DynQConv /
//            DynQMatMul: integer products, float32 epilogue
// then the accuracy of the result against the float model on the calibration samples (or the
// --eval samples; seeded random inputs when a dynamic build has neither).
import { Graph, Model } from '../../ir';
import { userError } from '../../../base/errors';
import { fuseQdq } from '../fuseQdq';
import { interpret } from '../../interpret';
import { cloneModel } from '../../graph/clone';
import { Namer } from '../../graph/names';
import { forEachBody } from './bodies';
import { calibrate, Progress, Sample } from './calibrate';
import { planStatic } from './plan';
import { insertQdq } from './insertQdq';
import { insertDynamic } from './dynamic';
import { accuracy, OutputAccuracy } from './accuracy';
import { qdqTensors } from './annotate';
import { readSamples, describeInputs, InputInfo } from './samples';
import { seededRandom } from '../../../base/inputs';
import * as D from '../../../device/dtype';

export interface QuantizeOptions {
  mode: 'int8' | 'dynamic';
  calibrate?: string;                      // folder of calibration samples
  method?: 'minmax' | 'percentile';
  percentile?: number;                     // for 'percentile'; default 99.999
  eval?: string;                           // folder of samples for the accuracy report
  emitQdq?: string;                        // --emit-qdq FILE: keep the QDQ model's ONNX bytes in the result (build writes FILE)
  progress?: Progress;
}

export interface QuantizeResult {
  mode: string;
  method: string | null;
  samples: { calibration: number; eval: number; evalSource: 'calibration' | 'eval' | 'random' };
  accuracy: Record<string, OutputAccuracy>;
  tensors: { name: string; dtype: string; scale: number[]; zeroPoint: number[]; axis: number }[];
  qdq?: Uint8Array;
}

function inputsOf(model: Model): InputInfo[] {
  return model.graph.inputs.map(name => {
    var v = model.graph.values.get(name)!;
    return { name, dtype: v.dtype, shape: v.shape as number[] };
  });
}

function randomSamples(inputs: InputInfo[], n: number): Sample[] {
  var rnd = seededRandom(1), r: Sample[] = [];
  for (var k = 0; k < n; k++) {
    var s: Sample = {};
    for (var i of inputs) {
      var a = new (D.ARRAY_OF[i.dtype]!)(D.sizeOf(i.shape));
      for (var j = 0; j < a.length; j++) a[j] = D.isFloat(i.dtype) ? rnd() * 2 - 1 : Math.floor(rnd() * 8);
      s[i.name] = a;
    }
    r.push(s);
  }
  return r;
}

// What the steps of a quantization share: the checked options, the samples, the float model as
// it was (the accuracy reference) and, for int8, the calibration.
export interface QuantizeRun {
  q: QuantizeOptions;
  method: string;
  pct: number;
  inputs: InputInfo[];
  cal: Sample[] | null;
  evalSet: Sample[] | null;
  floatModel: Model;
  calibration: ReturnType<typeof calibrate> | null;
  perChannel: boolean;
}

// Options checked, samples read, the float model kept, calibrated (int8).
export function prepareQuantize(model: Model, q: QuantizeOptions): QuantizeRun {
  var inputs = inputsOf(model), where = model.file;
  if (q.mode !== 'int8' && q.mode !== 'dynamic') userError(`--quantize ${q.mode}: expected int8 or dynamic`);
  if (q.mode === 'int8' && !q.calibrate)
    userError(`${where}: --quantize int8 needs calibration data: add --calibrate DIR, a folder of .npy files (one sample each, or many along a leading axis) ` +
      `or .json files ({"input name": [numbers]}) shaped like the model's inputs: ${describeInputs(inputs)}; or use --quantize dynamic (activations quantized at run time, no calibration)`);
  var method = q.method || 'minmax';
  if (method !== 'minmax' && method !== 'percentile') userError(`--calibrate-method ${method}: expected minmax or percentile`);
  var pct = q.percentile === undefined ? 99.999 : q.percentile;
  if (!(pct > 50 && pct <= 100)) userError(`--percentile ${pct}: expected a number in (50, 100]`);
  var cal = q.calibrate ? readSamples(q.calibrate, inputs, '--calibrate') : null;
  var evalSet = q.eval ? readSamples(q.eval, inputs, '--eval') : null;
  var floatModel = cloneModel(model);
  var calibration = q.mode === 'int8' ? calibrate(model, cal!, method, pct, q.progress) : null;
  return { q, method, pct, inputs, cal, evalSet, floatModel, calibration, perChannel: (model.opsets[''] || 1) >= 13 };
}

// The float graph, then every If/Loop/Scan body the same way (bodies.ts), in QDQ form: what
// --emit-qdq writes. Returns the quantization of every quantized tensor.
export function insertQdqAll(model: Model, run: QuantizeRun): QuantizeResult['tensors'] {
  var c = run.calibration;
  var rewrite = (namer?: Namer) => (c ? insertQdq(model, planStatic(model, c.ranges, run.perChannel), namer) : insertDynamic(model, namer));
  rewrite();
  forEachBody(model, rewrite);
  qdqOpset(model);
  return qdqTensors(model).map(t => ({ name: t.name, dtype: D.DTYPE_NAME[t.dtype], ...t.quant }));
}

// QDQ groups → int8 kernels, in the main graph and every body; the types are the ones inferred.
export function fuseQdqAll(model: Model): void {
  fuseQdq(model, model.graph.values);
  forEachBody(model, namer => fuseQdq(model, model.graph.values, namer));
}

// The quantized model's outputs against the float model's, on the eval samples (else the
// calibration samples, else seeded random inputs).
export function measureAccuracy(model: Model, run: QuantizeRun, tensors: QuantizeResult['tensors'], qdq?: Uint8Array): QuantizeResult {
  var q = run.q, cal = run.cal, evalSet = run.evalSet;
  var floatOuts = run.calibration && !evalSet ? run.calibration.outputs : null;
  var evalSamples = evalSet || cal || randomSamples(run.inputs, 8);
  if (!floatOuts) floatOuts = evalSamples.map(s => {
    var o = interpret(run.floatModel, s), r: Record<string, D.TypedArray> = {};
    for (var k in o) r[k] = o[k].slice();
    return r;
  });
  var result: QuantizeResult = {
    mode: q.mode,
    method: q.mode === 'int8' ? (run.method === 'percentile' ? `percentile ${run.pct}` : run.method) : null,
    samples: { calibration: cal ? cal.length : 0, eval: evalSamples.length, evalSource: evalSet ? 'eval' : cal ? 'calibration' : 'random' },
    accuracy: accuracy(floatOuts, model, evalSamples, q.progress),
    tensors,
  };
  if (qdq) result.qdq = qdq;
  return result;
}

// QuantizeLinear/DequantizeLinear exist from opset 10. In a model below that, the inserted ones
// follow opset 10 on their own (Node.opset), leaving the model's default opset, and with it
// the meaning of its Slice, Upsample and Dropout, as it was; the QDQ ONNX file is written at
// opset 10 with those ops in their opset-10 form (emitQdq.ts toOpset10 says why).
export var QDQ_OPSET = 10;
function qdqOpset(model: Model) {
  if ((model.opsets[''] || 1) >= QDQ_OPSET) return;
  var walk = (g: Graph) => {
    for (var n of g.nodes) {
      if (n.domain === '' && (n.op === 'QuantizeLinear' || n.op === 'DequantizeLinear')) n.opset = QDQ_OPSET;
      for (var a in n.attrs) { var at = n.attrs[a]; if (at.type === 'graph') walk(at.value); if (at.type === 'graphs') at.value.forEach(walk); }
    }
  };
  walk(model.graph);
}

// The `accuracy` entry of size-report.json.
export function quantReport(r: QuantizeResult) {
  return { mode: r.mode, method: r.method, samples: r.samples, outputs: r.accuracy, tensors: r.tensors };
}
