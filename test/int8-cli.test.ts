// `tinyonnx build --quantize ...` from the command line: the errors that say what to pass, the
// progress bar and accuracy lines, size-report.json's accuracy entry, inspect showing the
// quantization, byte-identical rebuilds, percentile calibration, and `dynamic` (activations
// quantized at run time).
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { modelSpec, randomFeeds } from './models';
import { cli, expectUserError } from './cli';
import { TMP, sessionFor } from './buildCache';
import { writeNpy, randomArray } from './int8-helpers';
import * as ort from 'onnxruntime-node';

var alexa = modelSpec('alexa_v0.1');


// alexa's input is 16 embeddings of 96; calibration: 10 samples around the embeddings' scale
var cal = path.join(TMP, 'int8-cli-cal');
writeNpy(path.join(cal, 'emb.npy'), [10, 16, 96], randomArray(10 * 1536, 5, 8));

describe('tinyonnx build --quantize', () => {
  it('--quantize int8 without --calibrate says what to pass, with the input shapes', () => {
    var out = path.join(TMP, 'int8-cli-nocal');
    var r = cli('build', alexa.file, '-o', out, '--quantize', 'int8');
    expectUserError(r, /--quantize int8 needs calibration data: add --calibrate DIR, a folder of \.npy files .* 'onnx::Flatten_0' float32 \[1,16,96\]/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names a missing folder, an input of the wrong size, and --calibrate without --quantize', () => {
    expectUserError(cli('build', alexa.file, '-o', path.join(TMP, 'x1'), '--quantize', 'int8', '--calibrate', path.join(TMP, 'nope')), /--calibrate .*nope: no such folder/);
    var bad = path.join(TMP, 'int8-cli-bad');
    writeNpy(path.join(bad, 'a.npy'), [100], randomArray(100, 1));
    expectUserError(cli('build', alexa.file, '-o', path.join(TMP, 'x2'), '--quantize', 'int8', '--calibrate', bad),
      /a\.npy: 100 values is not a whole number of samples of input 'onnx::Flatten_0' \(1536 values/);
    expectUserError(cli('build', alexa.file, '-o', path.join(TMP, 'x3'), '--calibrate', cal), /--calibrate only applies to quantized builds; add --quantize int8/);
  });

  it('builds int8 with a progress bar and an accuracy line; size-report.json has `accuracy`; inspect shows the quantization; rebuilds are identical', () => {
    var a = path.join(TMP, 'int8-cli-a'), b = path.join(TMP, 'int8-cli-b');
    var r = cli('build', alexa.file, '-o', a, '--quantize', 'int8', '--calibrate', cal, '--emit-qdq', path.join(a, 'qdq.onnx'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('calibrating: 10/10 samples (100%)');
    expect(r.stdout).toMatch(/accuracy '13' \(int8 vs float, 10 calibration samples\): max abs err [\d.e-]+, mean abs err [\d.e-]+, SNR -?[\d.]+ dB/);
    var rep = JSON.parse(fs.readFileSync(path.join(a, 'size-report.json'), 'utf8'));
    expect(rep.accuracy.mode).toBe('int8');
    expect(rep.accuracy.method).toBe('minmax');
    expect(rep.accuracy.samples).toEqual({ calibration: 10, eval: 10, evalSource: 'calibration' });
    expect(Object.keys(rep.accuracy.outputs)).toEqual(['13']);
    expect(rep.accuracy.tensors.find((t: any) => t.name === '1.weight_quantized')).toMatchObject({ dtype: 'int8', axis: 0 });
    var ins = cli('inspect', path.join(a, 'model.tnx'));
    expect(ins.stdout).toContain('tinyonnx.int8:QMatMul ×3');
    // activations are stored nameless (docs/format.md): inspect names them by their node
    expect(ins.stdout).toMatch(/quant #\d+ \(output 0 of node 'Flatten_0'\): axis -1, scale \[[\d.e-]+\]/);
    var again = cli('build', alexa.file, '-o', b, '--quantize', 'int8', '--calibrate', cal, '--emit-qdq', path.join(b, 'qdq.onnx'));
    expect(again.code).toBe(0);
    for (var f of ['model.tnx', 'qdq.onnx', 'size-report.json', 'ops.json'])
      expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
  }, 120000);

  it('--calibrate-method percentile narrows the ranges of outlier-heavy tensors; --eval reports on other samples', () => {
    var evalDir = path.join(TMP, 'int8-cli-eval');
    writeNpy(path.join(evalDir, 'e.npy'), [4, 16, 96], randomArray(4 * 1536, 9, 8));
    var out = path.join(TMP, 'int8-cli-pct');
    var r = cli('build', alexa.file, '-o', out, '--quantize', 'int8', '--calibrate', cal, '--calibrate-method', 'percentile', '--percentile', '99.9', '--eval', evalDir);
    expect(r.code, r.stderr).toBe(0);
    var rep = JSON.parse(fs.readFileSync(path.join(out, 'size-report.json'), 'utf8'));
    var mm = JSON.parse(fs.readFileSync(path.join(TMP, 'int8-cli-a', 'size-report.json'), 'utf8'));
    expect(rep.accuracy.method).toBe('percentile 99.9');
    expect(rep.accuracy.samples).toEqual({ calibration: 10, eval: 4, evalSource: 'eval' });
    var scale = (rr: any, n: string) => rr.accuracy.tensors.find((t: any) => t.name === n).scale[0];
    expect(scale(rep, 'onnx::Flatten_0_quantized')).toBeLessThan(scale(mm, 'onnx::Flatten_0_quantized'));
  }, 120000);

  // The outputs are those of onnxruntime running the same dynamic form (--emit-qdq; no graph
  // optimizations). Against float, activations quantized at run time cost more than int8 weights
  // alone did: on these inputs (uniform in [-8, 8]) up to 0.0134 on the score (seed 33), where
  // weights-only stayed within 0.01; onnxruntime's quantize_dynamic form gives the same values.
  it('--quantize dynamic: int8 weights, activations quantized at run time, no calibration; model.tnx about a quarter, RAM as the float build, outputs those of onnxruntime on the dynamic form', async () => {
    var out = path.join(TMP, 'int8-cli-dyn'), qdq = path.join(out, 'dynamic.onnx');
    var r = cli('build', alexa.file, '-o', out, '--quantize', 'dynamic', '--emit-qdq', qdq);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy '13' \(dynamic vs float, 8 seeded random inputs\)/);
    var ops = JSON.parse(fs.readFileSync(path.join(out, 'ops.json'), 'utf8'));
    expect(ops.kernels).toContain('int8/DynQMatMul');
    expect(ops.kernels).not.toContain('nn/Gemm');
    expect(fs.statSync(path.join(out, 'model.tnx')).size / fs.statSync(alexa.file).size).toBeLessThan(0.27);
    var floatS = await sessionFor(alexa), s = require(path.join(out, 'runtime.cjs')).load(fs.readFileSync(path.join(out, 'model.tnx')));
    var ref = await ort.InferenceSession.create(qdq, { graphOptimizationLevel: 'disabled' });
    expect(s.arenaBytes).toBeLessThanOrEqual(floatS.arenaBytes);
    for (var k = 0; k < 4; k++) {
      var x = randomFeeds(alexa, 30 + k, 8), feeds: Record<string, ort.Tensor> = {};
      for (var name in x) feeds[name] = new ort.Tensor('float32', x[name], alexa.inputs[name].shape);
      var want = (await ref.run(feeds))['13'].data[0] as number;
      expect(Math.abs(s.run(x)['13'][0] - want)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(want));
    }
  }, 120000);
});
