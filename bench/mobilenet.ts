// Writes a MobileNetV3-style classifier as ONNX (opset 13, as PyTorch exports it): depthwise
// convs, BatchNormalization after every conv, HardSwish and HardSigmoid written out
// (x·Clip(x+3,0,6)/6), squeeze-excite blocks, inverted residuals; input 1x3x224x224, 100 classes.
// Weights are seeded random (He-scaled, so activations stay in range through 20+ layers). The
// graph is what the converter's fusions are for: foldBatchNorm, recognizeActivations,
// fuseActivation. Nothing is downloaded.   npx tsx bench/mobilenet.ts OUT.onnx
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import { seededRandom } from '../base/inputs';

interface PNode { opType: string; input: string[]; output: string[]; name: string; attribute: any[] }

export function mobilenetOnnx(seed = 1): Uint8Array {
  var rnd = seededRandom(seed), nodes: PNode[] = [], inits: any[] = [], count = 0;
  var uniq = (base: string) => base + '_' + (count++);
  var tensor = (name: string, dims: number[], fill: (i: number) => number) => {
    var n = dims.reduce((a, b) => a * b, 1), a = new Float32Array(n);
    for (var i = 0; i < n; i++) a[i] = fill(i);
    inits.push({ name, dims, dataType: 1, rawData: new Uint8Array(a.buffer) });
    return name;
  };
  var scalar = (v: number) => tensor(uniq('c'), [], () => v);
  var node = (op: string, input: string[], attrs: any[] = []) => {
    var out = uniq(op.toLowerCase());
    nodes.push({ opType: op, input, output: [out], name: out, attribute: attrs });
    return out;
  };
  var ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });
  var int = (name: string, v: number) => ({ name, type: 2, i: v });
  var three = scalar(3), zero = scalar(0), six = scalar(6);
  var relu6p3 = (x: string) => node('Clip', [node('Add', [x, three]), zero, six]);
  var hardSigmoid = (x: string) => node('Div', [relu6p3(x), six]);
  var hardSwish = (x: string) => node('Mul', [x, hardSigmoid(x)]);
  var act = (x: string, kind: string) => (kind === 'HS' ? hardSwish(x) : node('Relu', [x]));
  // Conv (no bias) → BatchNormalization
  function convBn(x: string, cin: number, cout: number, k: number, stride: number, group: number): string {
    var fanIn = (cin / group) * k * k, sd = Math.sqrt(2 / fanIn);
    var w = tensor(uniq('w'), [cout, cin / group, k, k], () => (rnd() * 2 - 1) * sd * Math.sqrt(3));
    var c = node('Conv', [x, w], [ints('kernel_shape', [k, k]), ints('strides', [stride, stride]), ints('pads', [k >> 1, k >> 1, k >> 1, k >> 1]), int('group', group)]);
    var p = (f: () => number) => tensor(uniq('bn'), [cout], f);
    return node('BatchNormalization', [c, p(() => 0.8 + 0.4 * rnd()), p(() => 0.1 * (rnd() * 2 - 1)), p(() => 0.1 * (rnd() * 2 - 1)), p(() => 0.8 + 0.4 * rnd())],
      [{ name: 'epsilon', type: 1, f: 1e-3 }]);
  }
  // squeeze-excite: x · HardSigmoid(Conv(Relu(Conv(GlobalAveragePool(x)))))
  function se(x: string, c: number): string {
    var r = Math.max(8, c >> 2), s = node('GlobalAveragePool', [x]);
    var w1 = tensor(uniq('w'), [r, c, 1, 1], () => (rnd() * 2 - 1) * Math.sqrt(6 / c)), b1 = tensor(uniq('b'), [r], () => 0.1 * rnd());
    var w2 = tensor(uniq('w'), [c, r, 1, 1], () => (rnd() * 2 - 1) * Math.sqrt(6 / r)), b2 = tensor(uniq('b'), [c], () => 0.1 * rnd());
    var h = node('Relu', [node('Conv', [s, w1, b1])]);
    return node('Mul', [x, hardSigmoid(node('Conv', [h, w2, b2]))]);
  }
  // inverted residual: expand 1x1 → depthwise k x k → [SE] → project 1x1 (+ x when shapes match)
  function block(x: string, cin: number, exp: number, cout: number, k: number, stride: number, useSe: boolean, kind: string): string {
    var h = exp !== cin ? act(convBn(x, cin, exp, 1, 1, 1), kind) : x;
    h = act(convBn(h, exp, exp, k, stride, exp), kind);
    if (useSe) h = se(h, exp);
    h = convBn(h, exp, cout, 1, 1, 1);
    return stride === 1 && cin === cout ? node('Add', [h, x]) : h;
  }
  var x = hardSwish(convBn('input', 3, 16, 3, 2, 1));               // 112x112
  x = block(x, 16, 16, 16, 3, 2, true, 'RE');                        // 56
  x = block(x, 16, 72, 24, 3, 2, false, 'RE');                       // 28
  x = block(x, 24, 88, 24, 3, 1, false, 'RE');
  x = block(x, 24, 96, 40, 5, 2, true, 'HS');                        // 14
  x = block(x, 40, 240, 40, 5, 1, true, 'HS');
  x = block(x, 40, 120, 48, 5, 1, true, 'HS');
  x = block(x, 48, 144, 96, 5, 2, true, 'HS');                       // 7
  x = hardSwish(convBn(x, 96, 288, 1, 1, 1));
  x = node('Flatten', [node('GlobalAveragePool', [x])]);
  var fw = tensor(uniq('fc'), [288, 256], () => (rnd() * 2 - 1) * Math.sqrt(6 / 288)), fb = tensor(uniq('fb'), [256], () => 0.1 * rnd());
  x = hardSwish(node('Gemm', [x, fw, fb]));
  var cw = tensor(uniq('fc'), [100, 256], () => (rnd() * 2 - 1) * Math.sqrt(3 / 256)), cb = tensor(uniq('fb'), [100], () => 0);
  x = node('Gemm', [x, cw, cb], [int('transB', 1)]);
  nodes[nodes.length - 1].output = ['logits'];

  var root = protobuf.loadSync(path.join(__dirname, '..', 'converter', 'onnx.proto'));
  var ModelProto = root.lookupType('onnx.ModelProto');
  var vi = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map(d => ({ dimValue: d })) } } } });
  return ModelProto.encode(ModelProto.create({
    irVersion: 8, producerName: 'tinyonnx bench/mobilenet.ts', opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'mobilenet_v3_style', node: nodes, initializer: inits, input: [vi('input', [1, 3, 224, 224])], output: [vi('logits', [1, 100])] },
  })).finish();
}

if (require.main === module) {
  var out = process.argv[2] || 'mobilenet_v3_style.onnx';
  fs.writeFileSync(out, mobilenetOnnx());
  console.log(out);
}
