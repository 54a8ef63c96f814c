// Runs backend test cases: convert each model with its inputs' shapes pinned, execute, compare.
import * as path from 'path';
import { Case, compare, listCases, readCaseData } from './cases';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { TypedArray } from '../device/dtype';
import { Model } from '../converter/ir';

export type Category = 'unsupported op' | 'unsupported dtype' | 'conversion error' | 'wrong result' | 'crash' | 'out of scope';
export interface CaseResult { suite: string; name: string; status: 'pass' | 'fail'; category?: Category; detail?: string }

// Executes a converted model; the default runs it through the device runtime.
export type Backend = (model: Model, inputs: Record<string, TypedArray>) => Record<string, ArrayLike<number>>;

var OUT_OF_SCOPE = /^(:(String(?!Normalizer)|RegexFullMatch|StringConcat|StringSplit|TfIdfVectorizer|SequenceMap|Optional\w*|Random\w*|Bernoulli|Multinomial|ImageDecoder|Gradient|Momentum|Adagrad|Adam)|ai\.onnx\.preview\.training:|ai\.onnx\.preview:)/;

export function categorizeError(msg: string): Category {
  if (/unsupported op|not supported by any kernel/.test(msg)) return 'unsupported op';
  if (/element type|dtype/.test(msg)) return 'unsupported dtype';
  return 'conversion error';
}

export function runCase(c: Case, backend: Backend): CaseResult {
  var base = { suite: c.suite, name: c.name };
  var scope = c.ops.filter(o => OUT_OF_SCOPE.test(o));
  var kinds = [...(c.manifest.inputs || []), ...(c.manifest.outputs || [])].filter((v: any) => v.type !== 'tensor');
  if (scope.length || kinds.length)
    return { ...base, status: 'fail', category: 'out of scope', detail: scope.length ? `uses ${scope.join(', ')}` : `${kinds[0].type} values` };
  var data, model: Model;
  try {
    data = readCaseData(c);
    model = readOnnx(path.join(c.dir, 'model.onnx'));
    // Parameter inputs a kernel needs at build time (Reshape's shape, Slice's starts...) are
    // frozen with the test's values, as a user would with --const; the rest stay run-time inputs.
    var frozen: string[] = [];
    for (;;) {
      var shapes: Record<string, number[]> = {}, consts: Record<string, number[]> = {};
      model = readOnnx(path.join(c.dir, 'model.onnx'));
      model.graph.inputs.forEach((name, i) => {
        var t = data!.inputs[i];
        if (!t) return;
        if (frozen.indexOf(name) >= 0) { consts[name] = Array.from(t.data); shapes[name] = t.shape; }
        else shapes[name] = t.shape;
      });
      try {
        convertModel(model, { shapes, consts });
        break;
      } catch (e: any) {
        if (e && e.constName) {
          var roots = upstreamInputs(model, e.constName).filter(n => frozen.indexOf(n) < 0);
          if (roots.length) { frozen.push(...roots); continue; }
        }
        throw e;
      }
    }
  } catch (e: any) {
    var msg = String(e && e.message || e);
    return { ...base, status: 'fail', category: e && e.name === 'UserError' ? categorizeError(msg) : 'crash', detail: msg.split('\n')[0] };
  }
  var feeds: Record<string, TypedArray> = {};
  var original = readOnnx(path.join(c.dir, 'model.onnx')).graph.inputs;
  original.forEach((name, i) => { if (model.graph.inputs.indexOf(name) >= 0) feeds[name] = data!.inputs[i].data; });
  var outs: Record<string, ArrayLike<number>>;
  try {
    outs = backend(model, feeds);
  } catch (e: any) {
    return { ...base, status: 'fail', category: 'crash', detail: String(e && e.message || e).split('\n')[0] };
  }
  for (var i = 0; i < data.outputs.length; i++) {
    var name = model.graph.outputs[i];
    var r = compare(outs[name], data.outputs[i]);
    if (!r.ok) return { ...base, status: 'fail', category: 'wrong result', detail: `output '${name}': ${r.detail}` };
  }
  return { ...base, status: 'pass' };
}

// Graph inputs a value is computed from (the value itself when it is one).
function upstreamInputs(model: Model, name: string): string[] {
  var producer = new Map<string, any>();
  for (var n of model.graph.nodes) for (var o of n.outputs) if (o) producer.set(o, n);
  var seen = new Set<string>(), out: string[] = [], stack = [name];
  while (stack.length) {
    var v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    var known = model.graph.values.get(v);
    if (known && known.data) continue;   // already constant (e.g. a folded Shape): not a cause
    if (model.graph.inputs.indexOf(v) >= 0) { out.push(v); continue; }
    var p = producer.get(v);
    if (p) for (var i of p.inputs) if (i) stack.push(i);
  }
  return out;
}

export { listCases };
