// Helpers of the int8 tests: .npy files, quantized builds with their QDQ twin, and comparing our
// int8 outputs with onnxruntime's in steps (LSBs) of the output's scale.
import * as fs from 'fs';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { build, BuildResult } from '../api/build';
import { seededRandom } from '../base/inputs';
import { TMP } from './buildCache';
export { writeNpy } from './npy';

export function randomArray(n: number, seed: number, scale = 1, offset = 0): Float32Array {
  var rnd = seededRandom(seed), a = new Float32Array(n);
  for (var i = 0; i < n; i++) a[i] = (rnd() * 2 - 1) * scale + offset;
  return a;
}

export interface Int8Build { dir: string; qdq: string; result: BuildResult; session: any; report: any }

var seq = 0;
// Builds `onnx` with --quantize int8 --calibrate calDir --emit-qdq, for the node target.
export async function buildInt8(onnx: string, calDir: string,
                                extra: { shapes?: Record<string, number[]>; method?: 'minmax' | 'percentile'; eval?: string; target?: string } = {}): Promise<Int8Build> {
  var dir = path.join(TMP, `int8-${path.basename(onnx, '.onnx')}-${seq++}`), qdq = path.join(dir, 'qdq.onnx');
  var result = await build({ input: onnx, outDir: dir, shapes: extra.shapes, target: extra.target,
    quantize: { mode: 'int8', calibrate: calDir, emitQdq: qdq, method: extra.method, eval: extra.eval } });
  var node = !extra.target || extra.target === 'node';
  var session = node ? require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx'))) : null;
  return { dir, qdq, result, session, report: JSON.parse(fs.readFileSync(path.join(dir, 'size-report.json'), 'utf8')) };
}

// The output's quantization step: the scale of the QuantizeLinear feeding its DequantizeLinear.
export function outputScale(b: Int8Build, output: string): number {
  var t = b.report.accuracy.tensors.find((t: any) => t.name === `${output}_quantized`);
  if (!t) throw new Error(`no quantization recorded for output '${output}'`);
  return t.scale[0];
}

var ortCache = new Map<string, Promise<ort.InferenceSession>>();
export async function ortOutputs(file: string, feeds: Record<string, { data: Float32Array; dims: number[] }>) {
  if (!ortCache.has(file)) ortCache.set(file, ort.InferenceSession.create(file));
  var s = await ortCache.get(file)!;
  var inputs: Record<string, ort.Tensor> = {};
  for (var k in feeds) inputs[k] = new ort.Tensor('float32', feeds[k].data, feeds[k].dims);
  var out = await s.run(inputs), r: Record<string, Float32Array> = {};
  for (var k in out) r[k] = out[k].data as Float32Array;
  return r;
}

// Histogram of |ours - theirs| in LSBs: counts[0] equal, counts[1] one step apart, ... (last: more).
export class LsbStats {
  counts = [0, 0, 0, 0];
  add(ours: ArrayLike<number>, theirs: ArrayLike<number>, scale: number) {
    if (ours.length !== theirs.length) throw new Error(`length ${ours.length} vs ${theirs.length}`);
    for (var i = 0; i < ours.length; i++) {
      var d = Math.round(Math.abs(ours[i] - theirs[i]) / scale);
      this.counts[d < 3 ? d : 3]++;
    }
  }
  get total() { return this.counts.reduce((a, b) => a + b, 0); }
  get within1() { return (this.counts[0] + this.counts[1]) / this.total; }
  get max() { for (var i = 3; i >= 0; i--) if (this.counts[i]) return i; return 0; }
  toString() { return `${this.counts.join('/')} (equal/1/2/3+ LSB of ${this.total})`; }
}
