// Every real edge model: the generated runtime's outputs equal onnxruntime-node's
// (|err| <= 1e-5 or <= 1e-4 relative) on seeded random and structured inputs.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { MODELS, modelSpec, randomFeeds, sineSweep, ModelSpec } from './models';
import { seededRandom } from '../base/inputs';
import { ortRun, closeTo } from './reference';
import { buildSpec, sessionFor } from './buildCache';
import { float64Runner, accurate } from './float64';

function ortFeeds(spec: ModelSpec, feeds: Record<string, Float32Array>) {
  var r: Record<string, any> = {};
  for (var [k, v] of Object.entries(feeds)) r[k] = { data: v, dims: spec.inputs[k].shape };
  for (var [k, vals] of Object.entries(spec.consts || {})) r[k] = { data: BigInt64Array.from(vals.map(BigInt)), dims: [], type: 'int64' };
  return r;
}

function expectClose(name: string, ours: ArrayLike<number>, ref: ArrayLike<number>) {
  var c = closeTo(ours, ref);
  expect(c.ok, `${name}: ${c.msg}`).toBe(true);
}

describe.each(MODELS.map(m => [m.name, m] as [string, ModelSpec]))('%s', (_name, spec) => {
  it('matches onnxruntime on seeded random inputs', async () => {
    var session = await sessionFor(spec);
    for (var seed of [1, 2, 3]) {
      var feeds = randomFeeds(spec, seed, spec.name === 'melspectrogram' ? 3000 : 1);
      var ours = session.run(feeds);
      var ref = await ortRun(spec.file, ortFeeds(spec, feeds));
      for (var o of session.outputs) expectClose(`${spec.name} seed ${seed} output '${o.name}'`, ours[o.name], ref[o.name]);
    }
  }, 60000);

  it('writes model.tnx no larger than the ONNX file + 2% + 1 KB', async () => {
    var b = await buildSpec(spec);
    var onnx = fs.statSync(spec.file).size;
    expect(b.result.tnx.length).toBeLessThanOrEqual(onnx * 1.02 + 1024);
  }, 60000);
});

describe('structured inputs', () => {
  it('melspectrogram matches onnxruntime on a sine sweep', async () => {
    var spec = modelSpec('melspectrogram');
    var session = await sessionFor(spec);
    for (var offset of [0, 8000, 24000]) {
      var input = sineSweep(1760, offset, 8000);
      var ours = session.run({ input });
      var ref = await ortRun(spec.file, ortFeeds(spec, { input }));
      expectClose(`sweep at ${offset}`, ours.output, ref.output);
    }
  }, 60000);

  // Two structured signals, 10 frames each, state carried from frame to frame:
  // - a sweep over a -30 dB noise floor (what a microphone gives): equal to onnxruntime;
  // - a pure sweep, which leaves most STFT bins near zero, where onnxruntime's float32 conv
  //   accumulation drifts (up to 1e-2 after 10 frames on the legacy models): held to float64
  //   ground truth, and no further from it than onnxruntime.
  for (var name of ['silero_vad_v5', 'silero_vad_legacy', 'silero_vad']) {
    var runs: [number, boolean][] = name === 'silero_vad_v5' ? [[0.01, true], [0, false], [0, true]] : [[0.01, true], [0, false]];
    for (var [noise, useWasm] of runs) {
      const spec = modelSpec(name), floor = noise, wasm = useWasm;
      it(`${name}: sr frozen at 16000, state carried across 10 frames (${floor ? 'sweep over a noise floor' : 'pure sweep'}, ${wasm ? 'wasm core' : 'JS kernels'})`, async () => {
        // The pure sweep is held to float64 on the JS kernels (double sums), and on the wasm core
        // for Silero v5. Open on v4/legacy: the core's float32 sums (in blocks of K since
        // targets/wasm/gemmWat.ts callTile) start closer to float64 than onnxruntime (hn after
        // frame 0: 0.00057 vs 0.00129; serial sums gave 0.00145) but the state carried from
        // frame to frame drifts past it (frame 1: 0.0028 vs 0.0014). The STFT conv in float64
        // (a DFT-basis conv as an FFT) is the way to hold them to this bar too.
        var session = await sessionFor(spec, wasm ? {} : { wasm: false });
        var stateNames = Object.keys(spec.inputs).filter(n => n !== 'input');
        var outNames = session.outputs.map((o: any) => o.name);
        var oursState: Record<string, Float32Array> = {}, refState: Record<string, Float32Array> = {};
        for (var s of stateNames) { oursState[s] = new Float32Array(spec.inputs[s].shape.reduce((a, b) => a * b, 1)); refState[s] = oursState[s].slice(); }
        var exactState: Record<string, ArrayLike<number>> = { ...oursState };
        var exactRun = floor ? null : float64Runner(spec.file, spec);
        var rnd = seededRandom(7), audio = sineSweep(512 * 10, 0, 0.3);
        for (var i = 0; i < audio.length; i++) audio[i] += floor * (rnd() * 2 - 1);
        for (var f = 0; f < 10; f++) {
          var input = audio.slice(f * 512, (f + 1) * 512);
          var ours = session.run({ input, ...oursState });
          var ref = await ortRun(spec.file, ortFeeds(spec, { input, ...refState }));
          var exact = exactRun ? exactRun({ input, ...exactState }) : null;
          for (var o of outNames) {
            if (!exact) { expectClose(`frame ${f} output '${o}'`, ours[o], ref[o]); continue; }
            var a = accurate(ours[o], ref[o], exact[o]);
            expect(a.ok, `frame ${f} output '${o}': ${a.msg}`).toBe(true);
          }
          // The outputs after 'output' are the next state, in the order of the state inputs.
          stateNames.forEach((s, i) => {
            oursState[s] = Float32Array.from(ours[outNames[i + 1]]); refState[s] = ref[outNames[i + 1]].slice();
            if (exact) exactState[s] = exact[outNames[i + 1]];
          });
        }
      }, 60000);
    }
  }
});
