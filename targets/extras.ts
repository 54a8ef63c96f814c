// Files a build writes for a target beyond model.tnx, ops.json and the runtime bundles.
// espruino: espruino-upload.js (puts the model and the runtime into Storage, one small statement
// per line so the device never holds more than a line of it in RAM) and espruino-example.js
// (loads the runtime from Storage, maps the model from flash, runs it once).
import * as path from 'path';
import { Profile } from './profiles';
import { BundleFile } from './bundle';
import { ModelView } from '../device/reader';
import { DTYPE_NAME } from '../device/dtype';

// view: the build's one parsed view of tnx (api/build.ts), so nothing here parses the file again.
export interface ExtraInput { input: string; tnx: Uint8Array; view: ModelView; bundles: BundleFile[] }

export var STORAGE_NAME_MAX = 28;   // Espruino Storage file names
var CHUNK = 768;                    // bytes per write: 1 KiB of base64 per line

// Storage names for a model: '<stem>.tnx' and '<stem>-rt.js', both within 28 characters.
export function espruinoNames(input: string) {
  var stem = path.basename(input).replace(/\.onnx$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, STORAGE_NAME_MAX - 6) || 'model';
  return { model: stem + '.tnx', runtime: stem + '-rt.js' };
}

export function writeLines(name: string, bytes: Uint8Array): string[] {
  var lines: string[] = [];
  for (var off = 0; off < bytes.length; off += CHUNK) {
    var chunk = Buffer.from(bytes.buffer, bytes.byteOffset + off, Math.min(CHUNK, bytes.length - off)).toString('base64');
    lines.push(`require("Storage").write(${JSON.stringify(name)},atob("${chunk}"),${off},${bytes.length});`);
  }
  return lines;
}

export function espruinoUpload(x: ExtraInput): string {
  var names = espruinoNames(x.input);
  var runtime = x.bundles.find(b => b.file === 'runtime.js')!;
  var code = new Uint8Array(Buffer.from(runtime.code, 'utf8'));
  return [
    `// tinyonnx: uploads ${path.basename(x.input)} to this Espruino's Storage (flash): ${names.model} (${x.tnx.length} bytes)`,
    `// and its runtime ${names.runtime} (${code.length} bytes). Send it from the Espruino IDE, or:`,
    `//   espruino -p PORT espruino-upload.js`,
    `// Each line writes one ${CHUNK}-byte piece; then run espruino-example.js.`,
    `require("Storage").erase(${JSON.stringify(names.model)});`,
    ...writeLines(names.model, x.tnx),
    `require("Storage").erase(${JSON.stringify(names.runtime)});`,
    ...writeLines(names.runtime, code),
    `print("tinyonnx: uploaded ${names.model} and ${names.runtime}");`,
  ].join('\n') + '\n';
}

export function espruinoExample(x: ExtraInput): string {
  var names = espruinoNames(x.input), m = x.view, arena = m.arenaSize;
  var info = (idx: number[]) => idx.map(i => ({ name: m.tensors[i].name, dtype: DTYPE_NAME[m.tensors[i].dtype], shape: m.tensors[i].shape }));
  var io = { inputs: info(m.graph.inputs), outputs: info(m.graph.outputs) };
  var Ctor: Record<string, string> = { float32: 'Float32Array', float64: 'Float64Array', int32: 'Int32Array', uint32: 'Uint32Array',
    int16: 'Int16Array', uint16: 'Uint16Array', int8: 'Int8Array', uint8: 'Uint8Array', bool: 'Uint8Array' };
  var size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  var lines = [
    `// tinyonnx: runs ${path.basename(x.input)} on the device (after espruino-upload.js).`,
    `eval(require("Storage").read(${JSON.stringify(names.runtime)}));   // defines the global tinyonnx`,
    `var session = tinyonnx.loadFile(${JSON.stringify(names.model)});   // weights stay in flash; RAM: a ${arena}-byte arena`,
    `var feeds = {};`,
  ];
  for (var i of io.inputs)
    lines.push(`feeds[${JSON.stringify(i.name)}] = new ${Ctor[i.dtype] || 'Float32Array'}(${size(i.shape)});   // ${i.dtype} [${i.shape}]: fill with your data`);
  lines.push(
    `var t0 = getTime();`,
    `var out = session.run(feeds);   // outputs are views, valid until the next run`,
    `var ms = (getTime() - t0) * 1000;`,
  );
  for (var o of io.outputs)
    lines.push(`print(${JSON.stringify(o.name + ' ' + o.dtype + ' [' + o.shape + ']:')}, out[${JSON.stringify(o.name)}][0]);`);
  lines.push(`print("one inference: " + ms.toFixed(1) + " ms");`);
  return lines.join('\n') + '\n';
}

// [file name, contents] pairs to write next to the bundles.
export function targetFiles(profile: Profile, x: ExtraInput): [string, string][] {
  if (profile.name === 'espruino') return [['espruino-upload.js', espruinoUpload(x)], ['espruino-example.js', espruinoExample(x)]];
  return [];
}
