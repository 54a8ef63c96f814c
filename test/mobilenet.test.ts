// The generated MobileNetV3-style CNN (bench/mobilenet.ts: depthwise convs, BatchNormalization,
// written-out HardSwish/HardSigmoid, squeeze-excite, 1x3x224x224) built for the node target:
// outputs equal onnxruntime-node's, and the converter's fusions leave no BatchNormalization and
// no written-out activation behind.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { TMP } from './buildCache';
import { ortRun, closeTo } from './reference';
import { mobilenetOnnx } from '../bench/mobilenet';
import { build } from '../api/build';
import { readOnnx } from '../converter/readOnnx';
import { convertModel } from '../converter/pipeline';
import { seededRandom } from '../base/inputs';

describe('MobileNetV3-style CNN', () => {
  var file = path.join(TMP, 'mobilenet_v3_style.onnx');
  fs.writeFileSync(file, mobilenetOnnx());

  it('fusions: BatchNormalization folded, HardSwish/HardSigmoid recognized, activations in the Convs', () => {
    var before = readOnnx(file).graph.nodes, after = convertModel(readOnnx(file)).model.graph.nodes;
    var count = (ns: { op: string }[], op: string) => ns.filter(n => n.op === op).length;
    expect(count(before, 'BatchNormalization')).toBe(count(before, 'Conv') - 10);   // the SE convs have a bias, no BN
    expect(count(after, 'BatchNormalization') + count(after, 'Clip') + count(after, 'Div') + count(after, 'Relu')).toBe(0);
    expect(after.filter(n => n.op === 'Conv' && n.attrs.activation && n.attrs.activation.value === 'HardSwish').length).toBe(10);
    expect([before.length, after.length]).toEqual([139, 48]);
  });

  it('matches onnxruntime on seeded random inputs', async () => {
    var dir = path.join(TMP, 'mobilenet-node');
    await build({ input: file, outDir: dir, target: 'node' });
    var session = require(path.join(dir, 'runtime.cjs')).load(fs.readFileSync(path.join(dir, 'model.tnx')));
    for (var seed of [1, 2]) {
      var rnd = seededRandom(seed), x = new Float32Array(3 * 224 * 224);
      for (var i = 0; i < x.length; i++) x[i] = rnd() * 2 - 1;
      var ours = session.run({ input: x }).logits, ref = (await ortRun(file, { input: { data: x, dims: [1, 3, 224, 224] } })).logits;
      var c = closeTo(ours, ref);
      expect(c.ok, `seed ${seed}: ${c.msg}`).toBe(true);
    }
  }, 180000);
});
