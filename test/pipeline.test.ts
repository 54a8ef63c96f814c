// openWakeWord end to end: melspectrogram → embedding_model → alexa over 2 s of synthetic audio.
import { describe, it, expect } from 'vitest';
import { modelSpec, sineSweep } from './models';
import { ortRun, closeTo } from './reference';
import { sessionFor } from './buildCache';

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

    var melOut = melS.run({ input: audio }).output;
    var frames = melS.outputs[0].shape[2];
    var embOut = embS.run({ input_1: windows(melOut, frames) }).conv2d_19;
    var score = alexaS.run({ 'onnx::Flatten_0': Float32Array.from(embOut) })['13'];

    var rMel = (await ortRun(mel.file, { input: { data: audio, dims: [1, SAMPLES] } })).output;
    expect(closeTo(melOut, rMel).ok, closeTo(melOut, rMel).msg).toBe(true);
    var rEmb = (await ortRun(emb.file, { input_1: { data: windows(rMel, frames), dims: [EMBEDDINGS, WINDOW, 32, 1] } })).conv2d_19;
    expect(closeTo(embOut, rEmb).ok, closeTo(embOut, rEmb).msg).toBe(true);
    var rScore = (await ortRun(alexa.file, { 'onnx::Flatten_0': { data: rEmb, dims: [1, 16, 96] } }))['13'];
    expect(closeTo(score, rScore).ok, `score ${score[0]} vs ${rScore[0]}`).toBe(true);
  }, 120000);
});
