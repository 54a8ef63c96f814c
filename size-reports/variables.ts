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

export interface EspruinoVariables {
  total: number;          // the board's JsVars (12,000)
  loaded: number | null;  // in use after loadFile (with the interpreter's own ~220 and the runtime code)
  run: number;            // in use after a run: what the model holds between runs
  free: number;           // total - run: the budget left for the application
  how: 'measured-espruino-2v29' | 'estimate';
  error?: string;         // the real run failed (e.g. out of memory: the build does not fit)
}

// The estimate, fitted by hand to the measured figures of alexa, int8 alexa, silero_vad_v5 and
// melspectrogram (after a run: 2,439 / 2,530 / 7,578 / 7,568; the estimate gives 2,596 / 1,915 /
// 8,236 / 7,297, within 25%: int8 kernels keep more setup than the fit allows): the interpreter and
// driver, the runtime's functions (about one variable per 25 bytes of minified code: its text stays
// in flash), the arena and kernel tables (18 bytes a variable), and each node's and tensor's share.
export function estimateVariables(x: { bundleMin: number; arena: number; kernelBytes: number; nodes: number; tensors: number }): EspruinoVariables {
  var run = Math.round(220 + x.bundleMin / 25 + (x.arena + x.kernelBytes) / 18 + 45 * x.nodes + 8 * x.tensors);
  return { total: ESPRUINO_VARS, loaded: null, run, free: ESPRUINO_VARS - run, how: 'estimate' };
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
