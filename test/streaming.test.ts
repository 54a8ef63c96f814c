// Issue 14, point 6: stateful streaming. A build with --state carries the state between runs in
// the arena (Silero v5: stateN and state share one slot; Silero v4's LSTM reads h and writes hn
// at once, so the runtime copies hn into h after each run); the user feeds only audio, and the
// results are bit-equal to a build fed its state by hand, in Node and in QuickJS. The streaming
// examples (examples/streaming/) run on node and agree with onnxruntime-node.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { modelSpec, OWW, ModelSpec } from './models';
import { TMP } from './buildCache';
import { cli, expectUserError } from './cli';
import { makeModel } from './onnxBuilder';
import { ortRun, closeTo } from './reference';
import { agree } from './targetsShared';
import { build } from '../api/build';
import { readModel } from '../device/reader';
import { quickjsWithBundle } from '../targets/engines/quickjs';
import { bytesOf, unb64 } from '../targets/engines/common';

var ROOT = path.join(__dirname, '..');
var EXAMPLES = path.join(ROOT, 'examples', 'streaming');
var FRAME = 512, FRAMES = 10;

async function buildVad(spec: ModelSpec, target: string, state?: Record<string, string>, wasm = true) {
  var dir = path.join(TMP, `${spec.name}-${target}-${state ? 'state' : 'fed'}${wasm ? '' : '-js'}`);
  await build({ input: spec.file, outDir: dir, target, shapes: spec.shapes, consts: spec.consts, state, wasm });
  return dir;
}
function nodeSession(dir: string) {
  return require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
}
var audioMod: Promise<any> = import(path.join(EXAMPLES, 'audio.mjs'));
async function frames(): Promise<Float32Array> { return (await audioMod).toneBursts(FRAMES * FRAME / 16000, 0.16, 0.08); }

// Runs FRAMES frames; `pairs` output → input fed back by hand when given. Returns every output of
// every frame, concatenated per output name (copies: outputs are arena views).
function stream(session: any, audio: Float32Array, pairs: Record<string, string> | null) {
  var feeds: Record<string, Float32Array> = { input: new Float32Array(FRAME) }, got: Record<string, number[]> = {};
  if (pairs) for (var o in pairs) feeds[pairs[o]] = new Float32Array(session.inputs.find((i: any) => i.name === pairs![o]).shape.reduce((a: number, b: number) => a * b, 1));
  for (var f = 0; f < FRAMES; f++) {
    feeds.input.set(audio.subarray(f * FRAME, (f + 1) * FRAME));
    var out = session.run(feeds);
    for (var k in out) (got[k] = got[k] || []).push(...out[k]);
    if (pairs) for (var o in pairs) feeds[pairs[o]].set(out[o]);
  }
  var r: Record<string, Float32Array> = {};
  for (var k in got) r[k] = new Float32Array(got[k]);
  return r;
}

describe('Silero VAD v5: state carried in place', () => {
  var spec = modelSpec('silero_vad_v5'), pairs = { stateN: 'state' };
  var dirs: Record<string, string> = {};
  beforeAll(async () => {
    dirs.state = await buildVad(spec, 'node', pairs);
    dirs.fed = await buildVad(spec, 'node');
    dirs.qjsState = await buildVad(spec, 'quickjs', pairs);
    dirs.qjsFed = await buildVad(spec, 'quickjs');
  }, 240000);

  it('plans stateN into state\'s arena slot: no copy, no extra arena bytes', () => {
    var m = readModel(new Uint8Array(fs.readFileSync(path.join(dirs.state, 'model.tnx'))));
    var fed = readModel(new Uint8Array(fs.readFileSync(path.join(dirs.fed, 'model.tnx'))));
    var byName = (n: string) => m.tensors.find(t => t.name === n)!;
    expect(m.metadata['state:stateN']).toBe('state');
    expect(byName('stateN').offset).toBe(byName('state').offset);
    expect(m.arenaSize).toBeLessThanOrEqual(fed.arenaSize);
  });

  it('node: 10 frames with the state carried internally are bit-equal to feeding it by hand', async () => {
    var audio = await frames();
    var session = nodeSession(dirs.state);
    expect(session.inputs.map((i: any) => i.name)).toEqual(['input']);
    expect(() => session.run({ input: new Float32Array(FRAME), state: new Float32Array(256) })).toThrow(/unknown input 'state'/);
    session.reset();
    var carried = stream(session, audio, null), byHand = stream(nodeSession(dirs.fed), audio, pairs);
    expect(Array.from(carried.output)).toEqual(Array.from(byHand.output));
    expect(Array.from(carried.stateN)).toEqual(Array.from(byHand.stateN));
    expect(new Set(carried.output).size).toBeGreaterThan(5);   // the state does change the outputs
    // reset() zeroes the state: the stream starts over
    session.reset();
    expect(Array.from(stream(session, audio, null).output)).toEqual(Array.from(carried.output));
  }, 60000);

  it('node: agrees with onnxruntime-node fed its state by hand', async () => {
    var audio = await frames(), carried = stream(nodeSession(dirs.state), audio, null);
    var state = new Float32Array(256);
    for (var f = 0; f < FRAMES; f++) {
      var r = await ortRun(spec.file, { input: { data: audio.slice(f * FRAME, (f + 1) * FRAME), dims: [1, FRAME] },
        state: { data: state, dims: [2, 1, 128] }, sr: { data: BigInt64Array.from([16000n]), dims: [], type: 'int64' } });
      var c = closeTo([carried.output[f]], r.output);
      expect(c.ok, `frame ${f}: ${c.msg}`).toBe(true);
      state = r.stateN;
    }
  }, 60000);

  it('QuickJS: the same 10 frames, carried vs by hand, bit-equal in the engine and equal to node', async () => {
    // QuickJS runs the JS kernels: held to Node on the same kernels (--wasm off)
    var audio = await frames(), ref = stream(nodeSession(await buildVad(spec, 'node', undefined, false)), audio, pairs);
    var run = async (dir: string, byHand: boolean) => {
      var q = await quickjsWithBundle(fs.readFileSync(path.join(dir, 'runtime.js'), 'utf8'), 'runtime.js');
      try {
        q.setBuffer('__model', new Uint8Array(fs.readFileSync(path.join(dir, 'model.tnx'))), 'model');
        q.setBuffer('__audio', bytesOf(audio), 'audio');
        var probs = q.getBuffer(`(function () {
          var s = tinyonnx.load(__model), audio = new Float32Array(__audio), input = new Float32Array(${FRAME}), state = new Float32Array(256);
          var feeds = ${byHand ? '{ input: input, state: state }' : '{ input: input }'}, out = new Float32Array(${FRAMES});
          for (var f = 0; f < ${FRAMES}; f++) {
            input.set(audio.subarray(f * ${FRAME}, (f + 1) * ${FRAME}));
            var r = s.run(feeds);
            out[f] = r.output[0];
            ${byHand ? 'state.set(r.stateN);' : ''}
          }
          return out.buffer;
        })()`, 'streaming');
        return new Float32Array(probs.buffer, probs.byteOffset, FRAMES);
      } finally { q.dispose(); }
    };
    var carried = await run(dirs.qjsState, false), byHand = await run(dirs.qjsFed, true);
    expect(Array.from(carried)).toEqual(Array.from(byHand));
    var a = agree(carried, ref.output);
    expect(a.ok, a.msg).toBe(true);
  }, 120000);

  it('the example streams it (examples/streaming/silero-vad.mjs) with the fed build\'s results', async () => {
    var r = spawnSync(process.execPath, [path.join(EXAMPLES, 'silero-vad.mjs'), dirs.state, '3'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    var ex = JSON.parse(r.stdout);
    var audio = (await audioMod).toneBursts(3, 0.6, 0.4), n = Math.floor(audio.length / FRAME);
    var fed = nodeSession(dirs.fed), state = new Float32Array(256), input = new Float32Array(FRAME);
    expect(ex.probabilities).toHaveLength(n);
    for (var f = 0; f < n; f++) {
      input.set(audio.subarray(f * FRAME, (f + 1) * FRAME));
      var out = fed.run({ input, state });
      expect(ex.probabilities[f], `frame ${f}`).toBe(out.output[0]);
      state.set(out.stateN);
    }
    expect(ex.speech).toContain(true);
    expect(ex.speech).toContain(false);
  }, 60000);
});

describe('Silero VAD v4 (h, c → hn, cn) and a state read and written by one node', () => {
  var spec = modelSpec('silero_vad'), pairs = { hn: 'h', cn: 'c' };
  it('Silero v4: carries h and c, bit-equal to feeding them by hand', async () => {
    var dir = await buildVad(spec, 'node', pairs), fedDir = await buildVad(spec, 'node');
    var session = nodeSession(dir), audio = await frames();
    expect(session.inputs.map((i: any) => i.name)).toEqual(['input']);
    var carried = stream(session, audio, null), byHand = stream(nodeSession(fedDir), audio, pairs);
    for (var k of ['output', 'hn', 'cn']) expect(Array.from(carried[k]), k).toEqual(Array.from(byHand[k]));
  }, 120000);

  // total = Add(total_in, x) reads the state and writes the new one in the same node: the two
  // cannot share a slot, so the runtime copies total into total_in after each run.
  it('a running sum: separate slots, one copy per run, equal to onnxruntime fed by hand', async () => {
    var file = path.join(TMP, 'running-sum.onnx'), dims = [1, 4];
    fs.writeFileSync(file, makeModel({
      nodes: [{ op: 'Add', inputs: ['total_in', 'x'], outputs: ['total'] }, { op: 'Mul', inputs: ['total', 'total_in'], outputs: ['y'] }],
      inputs: [{ name: 'x', dims }, { name: 'total_in', dims }], outputs: [{ name: 'y', dims }, { name: 'total', dims }],
    }));
    var dir = path.join(TMP, 'running-sum');
    await build({ input: file, outDir: dir, target: 'node', state: { total: 'total_in' } });
    var m = readModel(new Uint8Array(fs.readFileSync(path.join(dir, 'model.tnx'))));
    var byName = (n: string) => m.tensors.find(t => t.name === n)!;
    expect(byName('total').offset).not.toBe(byName('total_in').offset);
    var session = nodeSession(dir), x = new Float32Array(4), total = new Float32Array(4);
    expect(session.inputs.map((i: any) => i.name)).toEqual(['x']);
    for (var f = 0; f < FRAMES; f++) {
      for (var i = 0; i < 4; i++) x[i] = Math.fround((f + 1) * 0.25 - i * 0.5);
      var got = session.run({ x });
      var ref = await ortRun(file, { x: { data: x, dims }, total_in: { data: total, dims } });
      expect(Array.from(got.y), `run ${f}`).toEqual(Array.from(ref.y));
      expect(Array.from(got.total), `run ${f}`).toEqual(Array.from(ref.total));
      total = ref.total;
    }
    session.reset();
    expect(Array.from(session.run({ x }).total)).toEqual(Array.from(x));
  }, 60000);

  it('names a wrong pair in one line', () => {
    expectUserError(cli('build', spec.file, '-o', path.join(TMP, 'bad-state'), '--shape', 'input=1x512', '--shape', 'h=2x1x64', '--shape', 'c=2x1x64',
      '--const', 'sr=16000', '--state', 'hN=h'), /--state hN=h: the model has no output 'hN'/);
    expectUserError(cli('build', spec.file, '-o', path.join(TMP, 'bad-state'), '--state', 'hn'), /--state 'hn': expected OUTPUT=INPUT/);
  }, 60000);
});

describe('openWakeWord streaming example', () => {
  it('scores every 80 ms like the same loop on onnxruntime-node', async () => {
    var dirs: string[] = [];
    for (var [name, shapes] of [['melspectrogram', { input: [1, 1760] }], ['embedding_model', { input_1: [1, 76, 32, 1] }], ['alexa_v0.1', {}]] as [string, any][]) {
      var dir = path.join(TMP, `oww-${name}`);
      await build({ input: path.join(OWW, `${name}.onnx`), outDir: dir, target: 'node', shapes });
      dirs.push(dir);
    }
    var r = spawnSync(process.execPath, [path.join(EXAMPLES, 'openwakeword.mjs'), ...dirs, '1.5'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    var scores: number[] = JSON.parse(r.stdout).scores;
    // The reference: openWakeWord's loop written out again over onnxruntime-node.
    var audio: Float32Array = (await audioMod).toneBursts(1.5, 0.6, 0.4);
    var mel = (x: Float32Array) => ortRun(path.join(OWW, 'melspectrogram.onnx'), { input: { data: x, dims: [1, 1760] } });
    var emb = (x: Float32Array) => ortRun(path.join(OWW, 'embedding_model.onnx'), { input_1: { data: x, dims: [1, 76, 32, 1] } });
    var cls = (x: Float32Array) => ortRun(path.join(OWW, 'alexa_v0.1.onnx'), { 'onnx::Flatten_0': { data: x, dims: [1, 16, 96] } });
    var first = (o: Record<string, Float32Array>) => Object.values(o)[0];
    var raw = new Float32Array(1760), mels = new Float32Array(76 * 32).fill(1);
    var e0 = first(await emb(mels)), embs = new Float32Array(16 * 96);
    for (var i = 0; i < 16; i++) embs.set(e0, i * 96);
    var expected: number[] = [];
    for (var at = 0; at + 1280 <= audio.length; at += 1280) {
      raw.copyWithin(0, 1280);
      for (var j = 0; j < 1280; j++) raw[480 + j] = audio[at + j] * 32767;
      var frames8 = first(await mel(raw));
      mels.copyWithin(0, 8 * 32);
      for (var j = 0; j < 256; j++) mels[68 * 32 + j] = frames8[j] / 10 + 2;
      embs.copyWithin(0, 96);
      embs.set(first(await emb(mels)), 15 * 96);
      expected.push(first(await cls(embs))[0]);
    }
    expect(scores).toHaveLength(expected.length);
    var c = closeTo(scores, expected);
    expect(c.ok, c.msg).toBe(true);
  }, 180000);
});
