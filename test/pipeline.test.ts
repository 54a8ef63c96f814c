// openWakeWord end to end: melspectrogram → embedding_model → alexa over 2 s of synthetic audio.
import { describe, it, expect } from 'vitest';
import { modelSpec, sineSweep } from './models';
import { ortRun, closeTo } from './reference';
import { sessionFor } from './buildCache';
import { float64Reference } from './float64';

var SAMPLES = 32000, WINDOW = 76, STEP = 8, EMBEDDINGS = 16;

// openWakeWord scales the mel output by x/10 + 2 before the embedding model.
function windows(mel: ArrayLike<number>, frames: number) {
  var x = new Float32Array(EMBEDDINGS * WINDOW * 32);
  for (var w = 0; w < EMBEDDINGS; w++)
    for (var t = 0; t < WINDOW; t++)
      for (var b = 0; b < 32; b++) x[(w * WINDOW + t) * 32 + b] = mel[(w * STEP + t) * 32 + b] / 10 + 2;
  if (frames < (EMBEDDINGS - 1) * STEP + WINDOW) throw new Error(`only ${frames} mel frames`);
  return x;
}

describe('openWakeWord pipeline', () => {
  it('gives onnxruntime\'s alexa score on 2 s of synthetic audio', async () => {
    var mel = modelSpec('melspectrogram'), emb = modelSpec('embedding_model'), alexa = modelSpec('alexa_v0.1');
    var melS = await sessionFor(mel, { shapes: { input: [1, SAMPLES] }, tag: '2s' });
    var embS = await sessionFor(emb, { shapes: { input_1: [EMBEDDINGS, WINDOW, 32, 1] }, tag: 'batch16' });
    var alexaS = await sessionFor(alexa);
    var audio = sineSweep(SAMPLES, 0, 6000);
    for (var i = 0; i < SAMPLES; i++) audio[i] += 300 * Math.sin(i * 0.37) * Math.sin(i * 0.0011);

    // End to end, each runtime fed only by itself: the scores must agree.
    var melOut = Float32Array.from(melS.run({ input: audio }).output);
    var frames = melS.outputs[0].shape[2];
    var embOut = Float32Array.from(embS.run({ input_1: windows(melOut, frames) }).conv2d_19);
    var score = alexaS.run({ 'onnx::Flatten_0': embOut })['13'][0];
    var rMel = (await ortRun(mel.file, { input: { data: audio, dims: [1, SAMPLES] } })).output;
    var rEmb = (await ortRun(emb.file, { input_1: { data: windows(rMel, frames), dims: [EMBEDDINGS, WINDOW, 32, 1] } })).conv2d_19;
    var rScore = (await ortRun(alexa.file, { 'onnx::Flatten_0': { data: rEmb, dims: [1, 16, 96] } }))['13'][0];
    expect(closeTo([score], [rScore]).ok, `alexa score ${score} vs onnxruntime ${rScore}`).toBe(true);

    // Stage by stage on identical inputs.
    expect(closeTo(melOut, rMel).ok, 'melspectrogram: ' + closeTo(melOut, rMel).msg).toBe(true);
    // On real mel features onnxruntime's float32 accumulation drifts up to ~5e-5 from the exact
    // result. The JS kernels accumulate in doubles: that build is held to float64 ground truth,
    // and must be no further from it. The wasm core accumulates in float32 as onnxruntime does:
    // it is held to be no further from the exact result than onnxruntime is.
    var embIn = windows(rMel, frames);
    var embSame = Float32Array.from(embS.run({ input_1: embIn }).conv2d_19);
    var embJs = (await sessionFor(emb, { shapes: { input_1: [EMBEDDINGS, WINDOW, 32, 1] }, tag: 'batch16', wasm: false })).run({ input_1: embIn }).conv2d_19;
    var exact = float64Reference(emb.file, { input_1: [EMBEDDINGS, WINDOW, 32, 1] }, { input_1: embIn }).conv2d_19;
    expect(closeTo(embJs, exact).ok, 'embedding_model (JS kernels) vs float64: ' + closeTo(embJs, exact).msg).toBe(true);
    expect(closeTo(embJs, exact).maxAbs).toBeLessThanOrEqual(closeTo(rEmb, exact).maxAbs);
    expect(closeTo(embSame, exact).maxAbs, 'embedding_model (wasm core): no further from float64 than onnxruntime').toBeLessThanOrEqual(closeTo(rEmb, exact).maxAbs);
    var scoreSame = alexaS.run({ 'onnx::Flatten_0': Float32Array.from(rEmb) })['13'][0];
    expect(closeTo([scoreSame], [rScore]).ok, `alexa: ${scoreSame} vs ${rScore}`).toBe(true);
  }, 120000);
});
