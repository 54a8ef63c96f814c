// Reading inputs for `run`: JSON ({name: numbers or nested arrays}), .npy files, or seeded random.
import * as fs from 'fs';
import { userError } from './errors';

export interface IOInfo { name: string; dtype: string; shape: number[] }

var NPY_DTYPES: Record<string, [string, (dv: DataView, o: number, le: boolean) => number, number]> = {
  f4: ['float32', (d, o, le) => d.getFloat32(o, le), 4], f8: ['float64', (d, o, le) => d.getFloat64(o, le), 8],
  i1: ['int8', (d, o) => d.getInt8(o), 1], u1: ['uint8', (d, o) => d.getUint8(o), 1],
  i2: ['int16', (d, o, le) => d.getInt16(o, le), 2], u2: ['uint16', (d, o, le) => d.getUint16(o, le), 2],
  i4: ['int32', (d, o, le) => d.getInt32(o, le), 4], u4: ['uint32', (d, o, le) => d.getUint32(o, le), 4],
  i8: ['int64', (d, o, le) => Number(d.getBigInt64(o, le)), 8], b1: ['bool', (d, o) => d.getUint8(o), 1],
};

export function readNpy(file: string): { shape: number[]; values: number[] } {
  if (!fs.existsSync(file)) userError(`${file}: no such file`);
  var buf = fs.readFileSync(file);
  if (buf.length < 10 || buf.toString('latin1', 1, 6) !== 'NUMPY') userError(`${file}: not a .npy file`);
  var major = buf[6];
  var hlen = major >= 2 ? buf.readUInt32LE(8) : buf.readUInt16LE(8);
  var hstart = major >= 2 ? 12 : 10;
  var header = buf.toString('latin1', hstart, hstart + hlen);
  var descr = /'descr':\s*'([<>|=])(\w\d)'/.exec(header);
  var shapeM = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !shapeM) userError(`${file}: cannot read the .npy header`);
  if (/'fortran_order':\s*True/.test(header)) userError(`${file}: Fortran-ordered .npy arrays are not supported; save with np.ascontiguousarray`);
  var kind = NPY_DTYPES[descr![2]];
  if (!kind) userError(`${file}: .npy element type '${descr![2]}' is not supported`);
  var shape = shapeM![1].split(',').map(s => s.trim()).filter(Boolean).map(Number);
  var n = shape.reduce((a, b) => a * b, 1);
  var dv = new DataView(buf.buffer, buf.byteOffset + hstart + hlen, buf.length - hstart - hlen);
  if (dv.byteLength < n * kind[2]) userError(`${file}: truncated (${dv.byteLength} bytes of data for shape [${shape}])`);
  var values: number[] = [];
  for (var i = 0; i < n; i++) values.push(kind[1](dv, i * kind[2], descr![1] !== '>'));
  return { shape, values };
}

function flatten(v: any, out: number[]) {
  if (Array.isArray(v)) for (var x of v) flatten(x, out);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(Number(v));
  else userError(`input values must be numbers or nested arrays of numbers, got ${JSON.stringify(v)}`);
}

export function readInputSpecs(specs: string[], inputs: IOInfo[]): Record<string, number[]> {
  var out: Record<string, number[]> = {};
  for (var s of specs) {
    var eq = s.indexOf('=');
    if (eq > 0 && !s.endsWith('.json')) {
      var name = s.slice(0, eq), file = s.slice(eq + 1);
      out[name] = file.endsWith('.npy') ? readNpy(file).values : (() => { var r: number[] = []; flatten(JSON.parse(fs.readFileSync(file, 'utf8')), r); return r; })();
      continue;
    }
    if (!fs.existsSync(s)) userError(`${s}: no such file`);
    if (s.endsWith('.npy')) {
      if (inputs.length !== 1) userError(`${s}: the model has ${inputs.length} inputs; name the one this file feeds: NAME=${s}`);
      out[inputs[0].name] = readNpy(s).values;
      continue;
    }
    var json: any;
    try { json = JSON.parse(fs.readFileSync(s, 'utf8')); } catch (e: any) { userError(`${s}: not valid JSON (${e.message})`); }
    if (!json || typeof json !== 'object' || Array.isArray(json)) userError(`${s}: expected an object {"input name": [numbers]}`);
    for (var k in json) { var r: number[] = []; flatten(json[k], r); out[k] = r; }
  }
  return out;
}

// mulberry32: small, seedable, identical everywhere.
export function seededRandom(seed: number): () => number {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    var t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInputs(inputs: IOInfo[], seed = 1): Record<string, number[]> {
  var rnd = seededRandom(seed), out: Record<string, number[]> = {};
  for (var i of inputs) {
    var n = i.shape.reduce((a, b) => a * b, 1), v: number[] = [];
    for (var j = 0; j < n; j++) v.push(/float/.test(i.dtype) ? rnd() * 2 - 1 : i.dtype === 'bool' ? (rnd() < 0.5 ? 1 : 0) : Math.floor(rnd() * 8));
    out[i.name] = v;
  }
  return out;
}
