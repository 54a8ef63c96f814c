// Calibration / evaluation samples from a folder:
//   *.npy      for a one-input model: one sample, or several along a leading axis (the file's
//              element count a multiple of the input's)
//   *.json     {"input name": [numbers or nested arrays], ...}, or a list of such objects
//   sub-folder one sample: a NAME.npy or NAME.json (a plain array) per model input
// Files are taken in name order; values are converted to each input's element type.
import * as fs from 'fs';
import * as path from 'path';
import { userError } from '../../../base/errors';
import { readNpy } from '../../../base/inputs';
import { Sample } from './calibrate';
import * as D from '../../../device/dtype';

export interface InputInfo { name: string; dtype: number; shape: number[] }

function flat(v: any, out: number[], file: string) {
  if (Array.isArray(v)) for (var x of v) flat(x, out, file);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(Number(v));
  else userError(`${file}: values must be numbers or nested arrays of numbers`);
}

function readJson(file: string): any {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e: any) { return userError(`${file}: not valid JSON (${e.message})`); }
}

export function describeInputs(inputs: InputInfo[]): string {
  return inputs.map(i => `'${i.name}' ${D.DTYPE_NAME[i.dtype]} [${i.shape.join(',')}]`).join(', ');
}

export function readSamples(dir: string, inputs: InputInfo[], flag: string): Sample[] {
  if (!fs.existsSync(dir)) userError(`${flag} ${dir}: no such folder`);
  if (!fs.statSync(dir).isDirectory()) userError(`${flag} ${dir}: not a folder; give a folder of .npy or .json files`);
  var samples: Sample[] = [];
  var size = (i: InputInfo) => D.sizeOf(i.shape);
  var make = (vals: Record<string, number[]>, file: string, k: number): Sample => {
    var s: Sample = {};
    for (var i of inputs) {
      var v = vals[i.name];
      if (!v) userError(`${file}: sample ${k} has no values for input '${i.name}'; the model's inputs are ${describeInputs(inputs)}`);
      if (v.length !== size(i)) userError(`${file}: input '${i.name}' has ${v.length} values, the model needs ${size(i)} (${D.DTYPE_NAME[i.dtype]} [${i.shape.join(',')}])`);
      var a = new (D.ARRAY_OF[i.dtype]!)(v.length);
      for (var j = 0; j < v.length; j++) a[j] = v[j];
      s[i.name] = a;
    }
    return s;
  };
  for (var name of fs.readdirSync(dir).sort()) {
    var file = path.join(dir, name);
    if (fs.statSync(file).isDirectory()) {
      var vals: Record<string, number[]> = {};
      for (var i of inputs) {
        var npy = path.join(file, i.name + '.npy'), js = path.join(file, i.name + '.json');
        if (fs.existsSync(npy)) vals[i.name] = readNpy(npy).values;
        else if (fs.existsSync(js)) { var r: number[] = []; flat(readJson(js), r, js); vals[i.name] = r; }
        else userError(`${file}: no ${i.name}.npy or ${i.name}.json for input '${i.name}'`);
      }
      samples.push(make(vals, file, samples.length));
    } else if (name.endsWith('.npy')) {
      if (inputs.length !== 1) userError(`${file}: the model has ${inputs.length} inputs (${describeInputs(inputs)}); put each sample in a sub-folder with one NAME.npy per input`);
      var all = readNpy(file).values, n = size(inputs[0]);
      if (!all.length || all.length % n) userError(`${file}: ${all.length} values is not a whole number of samples of input '${inputs[0].name}' (${n} values: ${D.DTYPE_NAME[inputs[0].dtype]} [${inputs[0].shape.join(',')}])`);
      for (var k = 0; k < all.length; k += n) samples.push(make({ [inputs[0].name]: all.slice(k, k + n) }, file, samples.length));
    } else if (name.endsWith('.json')) {
      var j = readJson(file), list = Array.isArray(j) ? j : [j];
      for (var obj of list) {
        if (!obj || typeof obj !== 'object' || Array.isArray(obj)) userError(`${file}: expected {"input name": [numbers]} or a list of them`);
        var vs: Record<string, number[]> = {};
        for (var key in obj) { var rr: number[] = []; flat(obj[key], rr, file); vs[key] = rr; }
        samples.push(make(vs, file, samples.length));
      }
    }
  }
  if (!samples.length) userError(`${flag} ${dir}: no samples found; put .npy or .json files there with inputs ${describeInputs(inputs)}`);
  return samples;
}
