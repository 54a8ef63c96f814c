// The ONNX backend test corpus: listing cases, reading their data, comparing results.
import * as fs from 'fs';
import * as path from 'path';
import { decodeTensorFile } from '../converter/readOnnx';
import { ConstTensor } from '../converter/ir';
import * as D from '../device/dtype';

export interface Case { suite: string; name: string; dir: string; ops: string[]; manifest: any }

export function listCases(root: string, suite?: string, filter?: RegExp): Case[] {
  var manifestFile = path.join(root, 'manifest.json');
  var entries: any[];
  if (fs.existsSync(manifestFile)) entries = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  else {
    entries = [];
    for (var s of fs.readdirSync(root)) {
      var sd = path.join(root, s);
      if (!fs.statSync(sd).isDirectory()) continue;
      for (var n of fs.readdirSync(sd)) if (fs.existsSync(path.join(sd, n, 'model.onnx'))) entries.push({ suite: s, name: n, ops: [] });
    }
  }
  return entries
    .filter(e => !suite || e.suite === suite)
    .filter(e => !filter || filter.test(e.name))
    .map(e => ({ suite: e.suite, name: e.name, dir: path.join(root, e.suite, e.name), ops: e.ops || [], manifest: e }));
}

export interface CaseData { inputs: ConstTensor[]; outputs: (ConstTensor & { onnxDtype: number })[] }

export function readCaseData(c: Case): CaseData {
  var dir = path.join(c.dir, 'test_data_set_0');
  var files = fs.readdirSync(dir);
  var pick = (prefix: string) => files.filter(f => f.startsWith(prefix))
    .sort((a, b) => parseInt(a.slice(prefix.length)) - parseInt(b.slice(prefix.length)))
    .map(f => decodeTensorFile(path.join(dir, f)));
  return { inputs: pick('input_'), outputs: pick('output_') };
}

// Floats: |actual - expected| <= atol + rtol * |expected| (the ONNX backend runner's rule);
// integers, bools and strings exactly. NaN must meet NaN.
export function compare(actual: ArrayLike<number>, expected: ConstTensor, rtol = 1e-3, atol = 1e-7): { ok: boolean; maxErr: number; detail: string } {
  if (actual.length !== expected.data.length)
    return { ok: false, maxErr: Infinity, detail: `length ${actual.length}, expected ${expected.data.length}` };
  if (D.isString(expected.dtype)) {   // string tensors: exactly, element by element
    for (var k = 0; k < actual.length; k++) if ((actual as any)[k] !== (expected.data as any)[k])
      return { ok: false, maxErr: Infinity, detail: `first mismatch at ${k}: got ${JSON.stringify((actual as any)[k])}, expected ${JSON.stringify((expected.data as any)[k])}` };
    return { ok: true, maxErr: 0, detail: '' };
  }
  var exact = !D.isFloat(expected.dtype);
  var maxErr = 0, bad = -1;
  for (var i = 0; i < actual.length; i++) {
    var a = actual[i], e = expected.data[i];
    if (Number.isNaN(e)) { if (!Number.isNaN(a)) { bad = bad < 0 ? i : bad; maxErr = Infinity; } continue; }
    if (a === e) continue;
    var err = Math.abs(a - e);
    if (Number.isNaN(err)) err = Infinity;
    if (err > maxErr) maxErr = err;
    if (exact || err > atol + rtol * Math.abs(e)) { if (bad < 0) bad = i; }
  }
  return bad < 0 ? { ok: true, maxErr, detail: '' } :
    { ok: false, maxErr, detail: `max abs error ${maxErr.toPrecision(3)}; first mismatch at ${bad}: got ${actual[bad]}, expected ${expected.data[bad]}` };
}
