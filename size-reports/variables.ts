// An espruino build's JsVars (issue 12): what a 12,000-variable board has left once the model is
// loaded and has run. Espruino counts everything in RAM in variables (each object, property,
// closure scope, array element and string chunk; typed arrays as a few variables plus their
// bytes), so the figure is measured in the real interpreter (targets/engines/espruino.ts, built by
// scripts/espruino.sh) on seeded random inputs. Without the interpreter (not built yet, or no compiler), it is
// ramFigures' sibling estimate below, labelled as one.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { espruinoBinary, runEspruino, ESPRUINO_VARS } from '../targets/engines/espruino';
import { modelIO, CTORS } from '../targets/engines/common';
import { randomInputs } from '../base/inputs';
import { packageRoot } from '../base/root';
import type { ModelView, GraphView } from '../device/reader';

export interface EspruinoVariables {
  total: number;          // the board's JsVars (12,000)
  loaded: number | null;  // in use after loadFile (with the interpreter's own ~220 and the runtime code)
  run: number;            // in use after a run: what the model holds between runs
  free: number;           // total - run: the budget left for the application
  how: 'measured-espruino-2v29' | 'estimate';
  error?: string;         // the real run failed (e.g. out of memory: the build does not fit)
}

// The estimate, fitted by hand to the measured figures after a run of alexa, dynamic-int8 alexa,
// silero_vad_v5 and melspectrogram (2,546 / 2,863 / 7,632 / 4,794; the estimate gives 2,860 /
// 2,786 / 8,798 / 4,641, within 25%): the interpreter and driver, the runtime's functions (about
// one variable per 25 bytes of minified code: its text stays in flash), the arena and kernel
// tables (18 bytes a variable), each node's and tensor's share, and three per number in the nodes'
// attribute lists (an Espruino array keeps each element as variables: per-channel scales and
// multipliers of the int8 kernels run to hundreds).
export function estimateVariables(x: { bundleMin: number; arena: number; kernelBytes: number; nodes: number; tensors: number; attrElements: number }): EspruinoVariables {
  var run = Math.round(220 + x.bundleMin / 25 + (x.arena + x.kernelBytes) / 18 + 45 * x.nodes + 8 * x.tensors + 3 * x.attrElements);
  return { total: ESPRUINO_VARS, loaded: null, run, free: ESPRUINO_VARS - run, how: 'estimate' };
}

// The numbers in the attribute lists of a model's nodes, subgraphs included.
export function attrElements(m: ModelView): number {
  var n = 0;
  var walk = (g: GraphView) => {
    for (var node of g.nodes) {
      for (var k in node.attrs) if (Array.isArray(node.attrs[k])) n += node.attrs[k].length;
      for (var s in node.graphs) { var gs = node.graphs[s]; for (var sg of Array.isArray(gs) ? gs : [gs]) walk(sg); }
    }
  };
  walk(m.graph);
  return n;
}

// Measured when the interpreter is available: uploads the build (its espruino-upload.js text)
// into a fresh Storage, loadFile, one run on seeded random inputs.
// A build never compiles the interpreter itself (a minute of make): it measures when scripts/espruino.sh
// has built one (.cache/espruino) or TINYONNX_ESPRUINO names one.
export async function espruinoVariables(uploadText: string, tnx: Uint8Array, estimate: EspruinoVariables): Promise<EspruinoVariables> {
  var built = process.env.TINYONNX_ESPRUINO || fs.existsSync(path.join(packageRoot(), '.cache', 'espruino', 'espruino'));
  if (!built || !espruinoBinary().path) return estimate;
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-vars-'));
  try {
    fs.writeFileSync(path.join(dir, 'espruino-upload.js'), uploadText);
    var inputs = modelIO(tnx).inputs, values = randomInputs(inputs as any, 1), feeds: Record<string, any> = {};
    for (var i of inputs) {
      if (!CTORS[i.dtype]) return { ...estimate, error: `input '${i.name}' is ${i.dtype}: not measured` };
      feeds[i.name] = CTORS[i.dtype].from(values[i.name]);
    }
    var v = (await runEspruino(dir, [feeds], inputs, { repeat: 0 })).vars;
    return { total: v.total, loaded: v.loaded, run: v.run, free: v.free, how: 'measured-espruino-2v29' };
  } catch (e: any) {
    return { ...estimate, error: String(e && e.message || e).split('\n')[0] };
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}
