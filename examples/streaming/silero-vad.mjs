// Silero VAD v5 streaming with the state carried by the runtime (docs/streaming.md).
//
//   tinyonnx build node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx -o vad \
//     --shape input=1x512 --shape state=2x1x128 --const sr=16000 --state stateN=state
//   node examples/streaming/silero-vad.mjs vad [seconds]
//
// Prints one JSON line: the speech probability of every 512-sample frame (32 ms) and the
// speech/silence decision (hysteresis: on above 0.5, off below 0.35).
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { toneBursts } from './audio.mjs';

var FRAME = 512;

// The whole loop: one feed object and one input array, reused; session.run returns views into
// the arena, so the probability is read before the next run.
export function streamVad(session, audio) {
  var input = new Float32Array(FRAME), feeds = { input: input };
  var probabilities = [], speech = [], on = false;
  session.reset();                                   // a new stream starts from zero state
  for (var at = 0; at + FRAME <= audio.length; at += FRAME) {
    input.set(audio.subarray(at, at + FRAME));
    var p = session.run(feeds).output[0];
    on = on ? p >= 0.35 : p > 0.5;
    probabilities.push(p);
    speech.push(on);
  }
  return { probabilities: probabilities, speech: speech };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  var dir = process.argv[2];
  if (!dir) { console.error('usage: node silero-vad.mjs BUILD_DIR [seconds]'); process.exit(1); }
  var { load } = await import(pathToFileURL(resolve(dir, 'runtime.mjs')).href);
  var session = load(readFileSync(join(dir, 'model.tnx')));
  console.log(JSON.stringify(streamVad(session, toneBursts(Number(process.argv[3] || 3), 0.6, 0.4))));
}
