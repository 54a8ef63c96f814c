// Pins dynamic dimensions (--shape name=1x512) and freezes inputs to constants (--const sr=16000),
// so that inference and folding can run through everything that depended on them.
import { Model } from '../ir';
import { userError, oneLine } from '../../base/errors';
import * as D from '../../device/dtype';

export interface Specialization {
  shapes: Record<string, number[]>;
  consts: Record<string, number[] | string[]>;   // strings for string inputs
}

export function parseShapeFlag(s: string): [string, number[]] {
  var eq = s.lastIndexOf('=');
  if (eq <= 0) userError(`--shape '${s}': expected NAME=DIMS, e.g. input=1x512`);
  var dims = s.slice(eq + 1).split(/[x,]/).filter(x => x !== '').map(Number);
  if (dims.some(d => !Number.isInteger(d) || d < 0)) userError(`--shape '${s}': dimensions must be whole numbers separated by x, e.g. input=1x512`);
  return [s.slice(0, eq), dims];
}

export function parseConstFlag(s: string): [string, number[]] {
  var eq = s.lastIndexOf('=');
  if (eq <= 0) userError(`--const '${s}': expected NAME=VALUE[,VALUE...], e.g. sr=16000`);
  var vals = s.slice(eq + 1).split(',').map(Number);
  if (vals.some(v => Number.isNaN(v))) userError(`--const '${s}': values must be numbers`);
  return [s.slice(0, eq), vals];
}

export function specialize(model: Model, spec: Specialization) {
  var g = model.graph, known = knownDims(g, spec);   // before --shape replaces the dim names
  var check = (name: string, flag: string) => {
    if (g.inputs.indexOf(name) < 0)
      userError(`${flag} ${name}: the model has no input '${name}' (inputs: ${g.inputs.join(', ')})`);
  };
  for (var name in spec.shapes) {
    check(name, '--shape');
    var v = g.values.get(name)!;
    var dims = spec.shapes[name];
    if (v.shape && v.shape.length !== dims.length)
      userError(`--shape ${name}=${dims.join('x')}: input '${name}' has rank ${v.shape.length} ([${v.shape.join(',')}]), not ${dims.length}`);
    if (v.shape) v.shape.forEach((d, i) => {
      if (typeof d === 'number' && d !== dims[i])
        userError(`--shape ${name}=${dims.join('x')}: axis ${i} of input '${name}' is fixed at ${d} by the model`);
    });
    v.shape = dims.slice();
  }
  for (var name in spec.consts) {
    check(name, '--const');
    var v = g.values.get(name)!;
    var vals = spec.consts[name];
    var shape: number[];
    if (v.shape && v.shape.every(d => typeof d === 'number')) shape = v.shape as number[];
    else shape = vals.length === 1 && (!v.shape || v.shape.length === 0) ? [] : [vals.length];
    if (D.sizeOf(shape) !== vals.length)
      userError(`--const ${name}: input '${name}' has shape [${shape.join(',')}], which needs ${D.sizeOf(shape)} values, got ${vals.length}`);
    var data = D.newData(v.dtype, vals.length);
    if (!data) userError(`--const ${name}: input '${name}' has element type ${D.DTYPE_NAME[v.dtype] || 'code ' + v.dtype}, which --const does not support`);
    v.shape = shape;
    v.data = data;
    for (var i = 0; i < vals.length; i++) (v.data as any)[i] = vals[i];
    g.inputs = g.inputs.filter(n => n !== name);
  }
  // every input with an unknown shape or dynamic dims, reported at once
  var unpinned: string[] = [], flags: string[] = [], guessed = false, fromModel = false;
  for (var name of g.inputs) {
    var v = g.values.get(name)!;
    if (!v.shape) { unpinned.push(`${oneLine(name)} has no declared shape`); flags.push(`--shape ${name}=DIMS`); continue; }
    var dyn = v.shape.map((d, i) => typeof d === 'number' ? null : `'${d}' (axis ${i})`).filter(Boolean);
    if (dyn.length) {
      unpinned.push(`${oneLine(name)} has dynamic dims ${dyn.join(', ')} in [${v.shape.join(',')}]`);
      var sug = v.suggested && v.suggested.length === v.shape.length ? v.suggested : null;
      flags.push(`--shape ${name}=${v.shape.map((d, i) => {
        if (typeof d === 'number') return d;
        if (sug && typeof sug[i] === 'number') { fromModel = true; return sug[i]; }
        if (typeof d === 'string' && known[d] !== undefined) { fromModel = true; return known[d]; }
        guessed = true;
        return 1;
      }).join('x')}`);
    }
  }
  if (unpinned.length)
    userError(`${model.file}: input ${unpinned.join('; input ')}; pin them with ${flags.join(' ')} (` +
      (fromModel ? `sizes from the model's value_info or another input's dim of the same name${guessed ? '; a 1 is a placeholder for your size' : ''}` : 'your sizes') + ')');
}

// A dim name's size where the model or --shape fixes it: a named dim another input has pinned.
function knownDims(g: Model['graph'], spec: Specialization): Record<string, number> {
  var known: Record<string, number> = Object.create(null);
  for (var name of g.inputs) {
    var v = g.values.get(name), pinned = spec.shapes[name], sug = v && v.suggested;
    if (!v || !v.shape) continue;
    v.shape.forEach((d, i) => {
      if (typeof d !== 'string' || !d) return;
      var n = pinned ? pinned[i] : sug && typeof sug[i] === 'number' ? sug[i] as number : undefined;
      if (n !== undefined && known[d] === undefined) known[d] = n;
    });
  }
  return known;
}
