// Duktape (Debian's `duk`), the ES5 + typed-array stand-in for an Espruino-class engine. duk has
// no file API, so the harness writes one script: the ES5 bundle, the driver, the model and the
// inputs as base64 literals (decoded with Duktape.dec), then calls; results come back on stdout
// as one JSON line per model, outputs as base64 of their bytes (exact).
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DRIVER, Feeds, IOInfo, b64, feedSpec, unb64, fromBytes } from './common';
import { ESPRUINO_EMULATION, ESPRUINO_LIMITS } from './espruinoEmulation';
import { TypedArray } from '../../device/dtype';

export var DUK = process.env.TINYONNX_DUK || 'duk';

export function haveDuk(): boolean {
  var dirs = (process.env.PATH || '').split(path.delimiter);
  return DUK.includes('/') ? fs.existsSync(DUK) : dirs.some(d => fs.existsSync(path.join(d, DUK)));
}

// espruino: load as on the device (Storage + tinyonnx.loadFile) instead of tinyonnx.load(bytes),
// and with `limits`, under Espruino's 64 KB ArrayBuffer limits (targets/engines/espruinoEmulation.ts).
export interface DukJob { tnx: Uint8Array; feeds: Feeds; inputs: IOInfo[]; repeat: number; espruino?: { limits: boolean } }
export interface DukResult { outputs: Record<string, TypedArray>; outputInfo: IOInfo[]; usPerInference: number; error?: string }

// In-engine: decode, load, run; print one JSON line per job (errors included, so one bad model
// does not hide the others).
var DUK_MAIN = `
function __b64ab(s) { var p = Duktape.dec('base64', s), u = new Uint8Array(p.length); for (var i = 0; i < p.length; i++) u[i] = p[i]; return u.buffer; }
function __runJob(job) {
  try {
    var session;
    if (job.flash) {
      var p = Duktape.dec('base64', job.model), f = new __RawU8(p.length);
      for (var i = 0; i < p.length; i++) f[i] = p[i];
      __files['model.tnx'] = f;
      session = tinyonnx.loadFile('model.tnx');
    } else session = tinyonnx.load(__b64ab(job.model));
    var bufs = {}, dtypes = {};
    for (var k in job.feeds) { bufs[k] = __b64ab(job.feeds[k].b64); dtypes[k] = job.feeds[k].dtype; }
    var r = __tnxDrive(session, __tnxFeeds(bufs, dtypes), job.repeat, function () { return performance.now(); });
    var outs = {};
    for (var n in r.outputs) outs[n] = Duktape.enc('base64', new Uint8Array(r.outputs[n]));
    print(JSON.stringify({ outputs: outs, outputInfo: r.outputInfo, us: r.us }));
  } catch (e) {
    print(JSON.stringify({ error: String(e && e.message || e) }));
  }
}
`;

export function dukScript(bundle: string, jobs: DukJob[]): string {
  var esp = jobs.some(j => j.espruino), limits = jobs.some(j => j.espruino && j.espruino.limits);
  if (jobs.some(j => !!j.espruino !== esp || !!(j.espruino && j.espruino.limits) !== limits)) throw new Error('runDuk: jobs of one script share their espruino mode');
  var parts = [esp ? ESPRUINO_EMULATION : '', limits ? ESPRUINO_LIMITS : '', bundle, ';', DRIVER, DUK_MAIN];
  for (var j of jobs) {
    var feeds = feedSpec(j.feeds, j.inputs);
    parts.push(`__runJob(${JSON.stringify({ model: b64(j.tnx), feeds, repeat: j.repeat, flash: !!j.espruino })});`);
  }
  return parts.join('\n') + '\n';
}

// Runs the script in one duk process. Resolves with one result per job.
export function runDuk(bundle: string, jobs: DukJob[], timeoutMs = 600000): Promise<DukResult[]> {
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyonnx-duk-'));
  var file = path.join(dir, 'main.js');
  fs.writeFileSync(file, dukScript(bundle, jobs));
  return new Promise((resolve, reject) => {
    execFile(DUK, [file], { timeout: timeoutMs, maxBuffer: 1 << 30, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      fs.rmSync(dir, { recursive: true, force: true });
      var lines = String(stdout).split('\n').filter(l => l.startsWith('{'));
      if (err && lines.length < jobs.length) {
        var why = (err as any).killed ? `timed out after ${timeoutMs} ms` : (String(stderr).trim().split('\n')[0] || err.message);
        return reject(new Error(`duk: ${why}`));
      }
      if (lines.length !== jobs.length) return reject(new Error(`duk: expected ${jobs.length} results, got ${lines.length}: ${String(stderr).trim().split('\n')[0] || ''}`));
      resolve(lines.map(l => {
        var r = JSON.parse(l);
        if (r.error) return { outputs: {}, outputInfo: [], usPerInference: NaN, error: r.error };
        var outputs: Record<string, TypedArray> = {};
        for (var o of r.outputInfo as IOInfo[]) outputs[o.name] = fromBytes(o.dtype, unb64(r.outputs[o.name]));
        return { outputs, outputInfo: r.outputInfo, usPerInference: r.us };
      }));
    });
  });
}
