// converter/passes/fuseLayerNorm.ts: decomposed LayerNorms become one LayerNormalization node
// (every variant the pass knows), computing what the decomposed graph computes; patterns whose
// intermediate values are read elsewhere stay as they are. Real models: test/models.test.ts
// (openWakeWord classifiers against onnxruntime), test/int8-oww.test.ts (the quantized ones).
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel, TNode } from './onnxBuilder';
import { TMP } from './buildCache';
import { readOnnx } from '../converter/readOnnx';
import { inferAndFold } from '../converter/passes/inferAndFold';
import { fuseLayerNorm } from '../converter/passes/fuseLayerNorm';
import { interpret } from '../converter/interpret';
import { randomArray } from './int8-helpers';

var f = (name: string, dims: number[], floats: number[]) => ({ name, dims, floats });
var C = (out: string, v: number): TNode => ({ op: 'Constant', inputs: [], outputs: [out], attrs: [{ name: 'value', type: 4, t: { dims: [], dataType: 1, floatData: [v] } }] });
var axes = (a: number[]) => [{ name: 'axes', type: 7, ints: a }];

// x [2, 3, 4] → LayerNorm over `ax` (opset 13: axes attribute)
function layerNorm(o: { square?: 'pow' | 'mul'; recip?: boolean; gamma?: boolean; beta?: boolean; ax?: number[]; extraRead?: boolean }): TNode[] {
  var ax = o.ax || [-1];
  var n: TNode[] = [
    { op: 'ReduceMean', inputs: ['x'], outputs: ['m'], attrs: axes(ax) },
    { op: 'Sub', inputs: ['x', 'm'], outputs: ['d'] },
    o.square === 'mul' ? { op: 'Mul', inputs: ['d', 'd'], outputs: ['sq'] } : { op: 'Pow', inputs: ['d', 'two'], outputs: ['sq'] },
    { op: 'ReduceMean', inputs: ['sq'], outputs: ['v'], attrs: axes(ax) },
    { op: 'Add', inputs: ['v', 'eps'], outputs: ['ve'] },
    { op: 'Sqrt', inputs: ['ve'], outputs: ['s'] },
  ];
  if (o.recip) n.push({ op: 'Reciprocal', inputs: ['s'], outputs: ['r'] }, { op: 'Mul', inputs: ['r', 'd'], outputs: ['n'] });
  else n.push({ op: 'Div', inputs: ['d', 's'], outputs: ['n'] });
  var out = 'n';
  if (o.gamma) { n.push({ op: 'Mul', inputs: [out, 'gamma'], outputs: ['ng'] }); out = 'ng'; }
  if (o.beta) { n.push({ op: 'Add', inputs: ['beta', out], outputs: ['nb'] }); out = 'nb'; }
  n.push({ op: 'Identity', inputs: [out], outputs: ['y'] });
  if (o.extraRead) n.push({ op: 'Identity', inputs: ['v'], outputs: ['y2'] });
  return [C('two', 2), C('eps', 1e-3), ...n];
}

function run(name: string, nodes: TNode[], extraOut = false) {
  var file = path.join(TMP, `ln-${name}.onnx`);
  fs.writeFileSync(file, makeModel({ nodes, opset: 13, inputs: [{ name: 'x', dims: [2, 3, 4] }],
    outputs: [{ name: 'y', dims: [2, 3, 4] }, ...(extraOut ? [{ name: 'y2', dims: [2, 3, 1] }] : [])],
    inits: [f('gamma', [4], [1, 2, 0.5, -1]), f('beta', [1, 4], [0.1, 0, -0.2, 3])] }));
  var plain = readOnnx(file), fused = readOnnx(file);
  inferAndFold(plain); inferAndFold(fused); fuseLayerNorm(fused);
  var x = randomArray(24, 7, 3, 1), a = interpret(plain, { x }).y, b = interpret(fused, { x }).y;
  var maxDiff = 0;
  for (var i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  return { ops: fused.graph.nodes.map(n => n.op), maxDiff, ln: fused.graph.nodes.find(n => n.op === 'LayerNormalization') };
}

describe('fuseLayerNorm', () => {
  for (var [label, o] of [
    ['Pow, Div, gamma and beta', { gamma: true, beta: true }],
    ['Mul(d, d), Reciprocal', { square: 'mul', recip: true, gamma: true }],
    ['no gamma or beta', {}],
    ['the last two axes', { ax: [1, 2], beta: true }],
  ] as [string, any][]) {
    const opts = o;
    it(`${label}: one LayerNormalization node, same values`, () => {
      var r = run(label.replace(/\W+/g, '_'), layerNorm(opts));
      expect(r.ops).toEqual(['LayerNormalization', 'Identity']);
      expect(r.ln!.attrs.epsilon.value).toBeCloseTo(1e-3, 9);
      if (opts.ax) expect(r.ln!.attrs.axis.value).toBe(1);
      expect(r.ln!.inputs.length).toBe(opts.beta ? 3 : 2);
      expect(r.maxDiff).toBeLessThan(1e-5);
    });
  }
  it('not fused when an intermediate value has another reader', () => {
    var r = run('extra', layerNorm({ gamma: true, extraRead: true }), true);
    expect(r.ops).not.toContain('LayerNormalization');
  });
  it('not fused over a middle axis', () => {
    var r = run('middle', layerNorm({ ax: [1] }));
    expect(r.ops).not.toContain('LayerNormalization');
  });
});
