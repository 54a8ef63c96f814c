// Bad input gets a one-line error naming the cause (exit 1), never a stack trace or half output.
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { makeModel } from './onnxBuilder';
import { modelSpec } from './models';
import { cli, expectUserError } from './cli';
import { TMP, sessionFor } from './buildCache';

var alexa = modelSpec('alexa_v0.1');



function file(name: string, bytes: Uint8Array | string) {
  var f = path.join(TMP, 'errors', name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, bytes);
  return f;
}

var add = { op: 'Add', inputs: ['x', 'x'], outputs: ['y'] };

describe('conversion errors', () => {
  it('truncated .onnx', () => {
    var f = file('truncated.onnx', fs.readFileSync(alexa.file).subarray(0, 5000));
    var out = path.join(TMP, 'errors', 'out-trunc');
    expectUserError(cli('build', f, '-o', out), /truncated\.onnx: not a valid ONNX model.*truncated/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('random bytes', () => {
    var bytes = new Uint8Array(4096);
    for (var i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    expectUserError(cli('build', file('random.onnx', bytes), '-o', path.join(TMP, 'errors', 'o2')), /random\.onnx: not a valid ONNX model/);
  });

  it('missing file', () => {
    expectUserError(cli('build', path.join(TMP, 'nope.onnx'), '-o', path.join(TMP, 'o3')), /nope\.onnx: no such file/);
  });

  it('an unknown op names the node, op and opset', () => {
    var f = file('unknown.onnx', makeModel({ nodes: [{ op: 'FancyOp', inputs: ['x'], outputs: ['y'], name: 'my_node' }],
      inputs: [{ name: 'x', dims: [2] }], outputs: [{ name: 'y', dims: [2] }], opset: 17 }));
    expectUserError(cli('build', f, '-o', path.join(TMP, 'errors', 'o4')), /node 'my_node' \(FancyOp\): unsupported op FancyOp \(opset 17\)/);
  });

  it('a dynamic dim left unpinned names the input, the dim and the flag to pass', () => {
    var f = file('dynamic.onnx', makeModel({ nodes: [add], inputs: [{ name: 'x', dims: ['batch', 4] }], outputs: [{ name: 'y', dims: ['batch', 4] }] }));
    expectUserError(cli('build', f, '-o', path.join(TMP, 'errors', 'o5')), /input 'x' has dynamic dims 'batch' \(axis 0\).*--shape x=1x4/);
    expect(cli('build', f, '-o', path.join(TMP, 'errors', 'o5'), '--shape', 'x=3x4').code).toBe(0);
  });

  it('all unpinned inputs at once, with the sizes the model\'s value_info or a shared dim name gives', () => {
    var two = { op: 'Add', inputs: ['x', 'z'], outputs: ['y'] };
    var f = file('dynamic2.onnx', makeModel({ nodes: [two], inputs: [{ name: 'x', dims: ['batch', 'len'] }, { name: 'z', dims: ['batch', 'len'] }], outputs: [{ name: 'y', dims: ['batch', 'len'] }],
      valueInfo: [{ name: 'x', dims: [1, 512] }] }));
    expectUserError(cli('build', f, '-o', path.join(TMP, 'errors', 'o5b')),
      /input 'x' has dynamic dims 'batch' \(axis 0\), 'len' \(axis 1\) in \[batch,len\]; input 'z' has .*; pin them with --shape x=1x512 --shape z=1x512 \(sizes from the model's value_info or another input's dim of the same name\)$/);
    var g = file('dynamic3.onnx', makeModel({ nodes: [two], inputs: [{ name: 'x', dims: ['batch', 'len'] }, { name: 'z', dims: ['batch', 'n'] }], outputs: [{ name: 'y', dims: ['batch', 'len'] }] }));
    expectUserError(cli('build', g, '-o', path.join(TMP, 'errors', 'o5b'), '--shape', 'x=2x8'), /input 'z' has dynamic dims 'batch' \(axis 0\), 'n' \(axis 1\) in \[batch,n\]; pin them with --shape z=2x1 \(sizes from .*; a 1 is a placeholder for your size\)$/);
    expect(fs.existsSync(path.join(TMP, 'errors', 'o5b'))).toBe(false);
  });

  it('--shape and --const name inputs that exist, with the right rank', () => {
    var f = file('dyn2.onnx', makeModel({ nodes: [add], inputs: [{ name: 'x', dims: ['batch', 4] }], outputs: [{ name: 'y', dims: ['batch', 4] }] }));
    expectUserError(cli('build', f, '-o', path.join(TMP, 'o6'), '--shape', 'z=1x4'), /--shape z: the model has no input 'z' \(inputs: x\)/);
    expectUserError(cli('build', f, '-o', path.join(TMP, 'o6'), '--shape', 'x=1x4x5'), /has rank 2/);
    expectUserError(cli('build', f, '-o', path.join(TMP, 'o6'), '--shape', 'x=1xQ'), /whole numbers/);
  });

  it('external data: side files load, locations outside the model folder are refused', () => {
    var dir = path.join(TMP, 'errors', 'ext');
    fs.mkdirSync(dir, { recursive: true });
    var w = new Float32Array([1, 2, 3, 4]);
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.concat([Buffer.alloc(8), Buffer.from(w.buffer)]));
    var ok = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [{ name: 'x', dims: [4] }], outputs: [{ name: 'y', dims: [4] }],
      inits: [{ name: 'w', dims: [4], external: { location: 'weights.bin', offset: 8, length: 16 } }] });
    fs.writeFileSync(path.join(dir, 'ok.onnx'), ok);
    var out = path.join(dir, 'out');
    expect(cli('build', path.join(dir, 'ok.onnx'), '-o', out).code).toBe(0);
    var r = cli('run', out, '--inputs', file('ext-in.json', JSON.stringify({ x: [10, 20, 30, 40] })), '--json');
    expect(JSON.parse(r.stdout)).toEqual({ y: [11, 22, 33, 44] });
    var bad = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }], inputs: [{ name: 'x', dims: [4] }], outputs: [{ name: 'y', dims: [4] }],
      inits: [{ name: 'w', dims: [4], external: { location: '../../../etc/passwd' } }] });
    fs.writeFileSync(path.join(dir, 'bad.onnx'), bad);
    expectUserError(cli('build', path.join(dir, 'bad.onnx'), '-o', out + '2'), /tensor 'w' external data location '..\/..\/..\/etc\/passwd' is outside the model's folder; refused/);
  });

  it('unknown command and missing arguments', () => {
    expect(cli('frobnicate').code).toBe(1);
    expect(cli('build').code).toBe(1);
  });
});

describe('run-time errors', () => {
  it('wrong input name, dtype and shape each give a clear message', async () => {
    var s = await sessionFor(alexa);
    var name = 'onnx::Flatten_0';
    expect(() => s.run({ x: new Float32Array(1536) })).toThrow(/unknown input 'x'; the model's inputs are 'onnx::Flatten_0'/);
    expect(() => s.run({ [name]: new Int32Array(1536) })).toThrow(/input 'onnx::Flatten_0' must be a float32 array \(Float32Array\), got Int32Array/);
    expect(() => s.run({ [name]: new Float32Array(100) })).toThrow(/must have shape \[1,16,96\] \(1536 elements\), got 100 elements/);
    expect(() => s.run({})).toThrow(/missing input 'onnx::Flatten_0' \(float32 \[1,16,96\]\)/);
  }, 60000);

  it('string tensors: run takes an Array of strings of the right length, and outputs are Arrays', () => {
    var S = (x: string) => Buffer.from(x, 'utf8');
    var f = file('strings.onnx', makeModel({
      nodes: [
        { op: 'StringNormalizer', inputs: ['x'], outputs: ['u'], attrs: [{ name: 'case_change_action', type: 3, s: S('UPPER') }] },
        { op: 'LabelEncoder', domain: 'ai.onnx.ml', inputs: ['u'], outputs: ['y'], attrs: [
          { name: 'keys_strings', type: 8, strings: [S('ÄB'), S('C')] }, { name: 'values_int64s', type: 7, ints: [5, 7] }] },
      ],
      inputs: [{ name: 'x', elemType: 8, dims: [3] }],
      outputs: [{ name: 'u', elemType: 8, dims: [3] }, { name: 'y', elemType: 7, dims: [3] }],
      opsets: { '': 17, 'ai.onnx.ml': 2 },
    }));
    var out = path.join(TMP, 'errors', 'strings');
    expect(cli('build', f, '-o', out).code).toBe(0);
    var s = require(path.join(out, 'runtime.cjs')).load(fs.readFileSync(path.join(out, 'model.tnx')));
    expect(s.arenaBytes).toBe(16);   // y only (3 int32, 16-aligned): string tensors live outside the arena
    var r = s.run({ x: ['äb', 'c', 'zz'] });
    expect(r.u).toEqual(['ÄB', 'C', 'ZZ']);
    expect(Array.from(r.y)).toEqual([5, 7, -1]);
    expect(() => s.run({ x: new Float32Array(3) })).toThrow(/input 'x' must be a string array \(Array\), got Float32Array/);
    expect(() => s.run({ x: ['a'] })).toThrow(/input 'x' must have shape \[3\] \(3 elements\), got 1 elements/);
  }, 60000);

  it('the CLI reports bad inputs with exit 1', async () => {
    var out = path.join(TMP, 'errors', 'alexa');
    expect(cli('build', alexa.file, '-o', out).code).toBe(0);
    expectUserError(cli('run', out, '--inputs', file('wrong-name.json', JSON.stringify({ nope: [1] }))), /unknown input 'nope'/);
    expectUserError(cli('run', out, '--inputs', file('bad.json', '{ not json')), /bad\.json: not valid JSON/);
    expectUserError(cli('run', out, '--inputs', file('short.json', JSON.stringify({ 'onnx::Flatten_0': [1, 2] }))), /must have shape \[1,16,96\]/);
    expectUserError(cli('run', path.join(TMP, 'nothing-here')), /no model\.tnx here/);
    var corrupt = path.join(TMP, 'errors', 'corrupt');
    fs.mkdirSync(corrupt, { recursive: true });
    fs.copyFileSync(path.join(out, 'runtime.cjs'), path.join(corrupt, 'runtime.cjs'));
    fs.writeFileSync(path.join(corrupt, 'model.tnx'), 'hello world, not a model');
    expectUserError(cli('run', corrupt), /model\.tnx: not a tinyonnx model/);
  }, 60000);
});
