// Issue 14, point 7: the webview runtime in a Web Worker and in an AudioWorkletProcessor, in
// headless Chromium. An OfflineAudioContext at 16 kHz plays synthetic audio (voiced bursts and
// silence, examples/streaming/audio.mjs) into examples/webview-audio/vad-processor.mjs, which
// gathers 128-sample render quanta into 512-sample frames and runs Silero VAD v5 (state carried
// by the runtime) on each; the posted probabilities and decisions equal Node's for the same
// frames. The Worker (examples/webview-audio/vad-worker.js) gets the same frames posted in.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { modelSpec } from './models';
import { TMP } from './buildCache';
import { closeTo } from './reference';
import { build } from '../api/build';
import { ChromiumEngine, haveChromium, serve, CHROMIUM } from '../targets/engines/chromium';
import { b64, bytesOf } from '../targets/engines/common';

var ROOT = path.join(__dirname, '..');
var EXAMPLE = path.join(ROOT, 'examples', 'webview-audio');
var FRAME = 512, SECONDS = 2;

var present = haveChromium();
if (!present) {
  if (process.env.TINYONNX_REQUIRE_ENGINES === '1') throw new Error(`${CHROMIUM} is missing (apt-get install chromium) and TINYONNX_REQUIRE_ENGINES=1`);
  console.warn(`skipping the Worker/AudioWorklet tests: ${CHROMIUM} is missing (apt-get install chromium)`);
}

var PAGE = '<!doctype html><html><head><meta charset="utf-8"></head><body>tinyonnx audio</body></html>';

// In the page: render the audio through the worklet; resolve with every posted message.
var RUN_WORKLET = `async function (a) {
  var bin = atob(a.audio), u8 = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
  var samples = new Float32Array(u8.buffer);
  var ctx = new OfflineAudioContext({ numberOfChannels: 1, length: samples.length, sampleRate: 16000 });
  await ctx.audioWorklet.addModule('vad-processor.mjs');
  var model = await (await fetch('model.tnx')).arrayBuffer();
  var node = new AudioWorkletNode(ctx, 'silero-vad', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: { model: model } });
  var got = [], errors = [];
  node.onprocessorerror = function (e) { errors.push('processorerror ' + (e.message || e)); };
  var all = new Promise(function (resolve) {
    node.port.onmessage = function (e) { got.push(e.data); if (got.length === a.frames) resolve(); };
  });
  var buffer = ctx.createBuffer(1, samples.length, 16000);
  buffer.copyToChannel(samples, 0);
  var src = ctx.createBufferSource();
  src.buffer = buffer;
  src.connect(node);
  node.connect(ctx.destination);
  src.start(0);
  await ctx.startRendering();
  await Promise.race([all, new Promise(function (r) { setTimeout(r, 20000); })]);
  return { messages: got, errors: errors, sampleRate: ctx.sampleRate };
}`;

var RUN_WORKER = `async function (a) {
  var bin = atob(a.audio), u8 = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
  var samples = new Float32Array(u8.buffer);
  var worker = new Worker('vad-worker.js'), got = [];
  var next = function () { return new Promise(function (resolve, reject) {
    worker.onmessage = function (e) { if (e.data.error) reject(new Error(e.data.error)); else resolve(e.data); };
    worker.onerror = function (e) { reject(new Error(e.message)); };
  }); };
  var ready = next();
  worker.postMessage({ model: 'model.tnx' });
  await ready;
  for (var f = 0; f + 1 <= a.frames; f++) {
    var reply = next();
    worker.postMessage({ samples: samples.slice(f * 512, (f + 1) * 512) });
    got.push(await reply);
  }
  worker.terminate();
  return { messages: got };
}`;

describe.skipIf(!present)('Silero VAD in a Web Worker and an AudioWorklet (headless Chromium)', () => {
  var spec = modelSpec('silero_vad_v5'), state = { stateN: 'state' };
  var webDir = path.join(TMP, 'vad-webview-state'), nodeDir = path.join(TMP, 'vad-node-state');
  var chromium: ChromiumEngine, audio: Float32Array, frames: number;
  var ref: { probability: number; speech: boolean }[] = [];

  beforeAll(async () => {
    await build({ input: spec.file, outDir: webDir, target: 'webview', shapes: spec.shapes, consts: spec.consts, state });
    await build({ input: spec.file, outDir: nodeDir, target: 'node', shapes: spec.shapes, consts: spec.consts, state });
    audio = (await import(path.join(ROOT, 'examples', 'streaming', 'audio.mjs'))).toneBursts(SECONDS, 0.6, 0.4);
    frames = Math.floor(audio.length / FRAME);
    // Node, the reference: the same frames through the node build, same decision rule.
    var session = require(path.join(nodeDir, 'runtime.cjs')).load(fs.readFileSync(path.join(nodeDir, 'model.tnx')));
    var input = new Float32Array(FRAME), on = false;
    for (var f = 0; f < frames; f++) {
      input.set(audio.subarray(f * FRAME, (f + 1) * FRAME));
      var p = session.run({ input }).output[0];
      on = on ? p >= 0.35 : p > 0.5;
      ref.push({ probability: p, speech: on });
    }
    expect(ref.some(r => r.speech) && ref.some(r => !r.speech), 'the audio has speech and silence').toBe(true);
    chromium = await ChromiumEngine.launch();
  }, 300000);
  afterAll(async () => { if (chromium) await chromium.close(); });

  async function inPage(fn: string, arg: any) {
    var srv = await serve(webDir, {
      'index.html': PAGE,
      'vad-processor.mjs': fs.readFileSync(path.join(EXAMPLE, 'vad-processor.mjs'), 'utf8'),
      'vad-worker.js': fs.readFileSync(path.join(EXAMPLE, 'vad-worker.js'), 'utf8'),
    });
    var page = await chromium.newPage(), errors: string[] = [];
    page.on('pageerror', (e: any) => errors.push(String(e && e.message || e)));
    try {
      await page.goto(srv.url + 'index.html', { waitUntil: 'load' });
      var r = await page.evaluate(`(${fn})(${JSON.stringify(arg)})`);
      expect(errors).toEqual([]);
      return r;
    } finally {
      await page.close().catch(() => {});
      await srv.close();
    }
  }

  function expectLikeNode(messages: any[]) {
    expect(messages).toHaveLength(frames);
    for (var f = 0; f < frames; f++) {
      expect(messages[f].frame).toBe(f);
      var c = closeTo([messages[f].probability], [ref[f].probability]);
      expect(c.ok, `frame ${f}: ${c.msg}`).toBe(true);
      expect(messages[f].speech, `frame ${f}`).toBe(ref[f].speech);
    }
  }

  it('AudioWorkletProcessor: OfflineAudioContext audio → 512-sample frames → probabilities equal to Node\'s', async () => {
    var r = await inPage(RUN_WORKLET, { audio: b64(bytesOf(audio)), frames });
    expect(r.errors).toEqual([]);
    expect(r.sampleRate).toBe(16000);
    expectLikeNode(r.messages);
  }, 120000);

  it('Web Worker: importScripts(runtime.js), loadUrl, frames posted in → Node\'s probabilities', async () => {
    var r = await inPage(RUN_WORKER, { audio: b64(bytesOf(audio)), frames });
    expectLikeNode(r.messages);
  }, 120000);
});
