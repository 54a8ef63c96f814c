// Putting a build on disk as a set. The files are written into a temporary folder beside the
// output; then the output folder is swapped for it (two renames), or, when the output folder
// also holds the user's own folders, its tinyonnx files are replaced one rename at a time.
// Files of an earlier build that this one does not write (another target's bundles) go.
// A build killed at any moment leaves the folder as it was or complete; the temporary folder
// it leaves is removed (or, if the kill fell between the two renames, put back) next time.
import * as fs from 'fs';
import * as path from 'path';
import { userError, fsError } from '../base/errors';
import type { BuildResult, BuildFiles } from './build';
import { writeAtomic } from '../base/files';

// The files a build may write: the set replaced as a whole (the user's other files stay).
var TINYONNX_FILE = /^(model\.tnx|[^/]+\.tnx|ops\.json|[^/]+\.ops\.json|runtime\.(cjs|mjs|js)(\.map)?|runtime\.d\.ts|size-report\.json|espruino-(upload|example)\.js)$/;
export function isBuildFile(name: string): boolean { return TINYONNX_FILE.test(name); }

var TMP_MARK = '.tinyonnx-';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e: any) { return e.code === 'EPERM'; }
}

// Temporary folders of builds into `out` that were killed: '.<name>.tinyonnx-<new|old>-<pid>-<n>'.
export function recoverInterrupted(dir: string) {
  var out = path.resolve(dir);
  var parent = path.dirname(out), base = path.basename(out), prefix = `.${base}${TMP_MARK}`;
  var names: string[] = [];
  try { names = fs.readdirSync(parent); } catch (e) { return; }
  for (var n of names.sort()) {
    if (!n.startsWith(prefix)) continue;
    var m = /^(new|old)-(\d+)-\d+$/.exec(n.slice(prefix.length));
    if (!m || alive(+m[2])) continue;
    var p = path.join(parent, n);
    // killed between "out → old" and "new → out": the old folder goes back
    if (m[1] === 'old' && !fs.existsSync(out)) fs.renameSync(p, out);
    else fs.rmSync(p, { recursive: true, force: true });
  }
}

var seq = 0;
function tempName(out: string, kind: 'new' | 'old') {
  return path.join(path.dirname(out), `.${path.basename(out)}${TMP_MARK}${kind}-${process.pid}-${seq++}`);
}

function writeFiles(dir: string, files: BuildFiles) {
  fs.mkdirSync(dir);
  for (var name of Object.keys(files)) fs.writeFileSync(path.join(dir, name), files[name]);
}

/** Checks an output folder path before any work: non-empty, and a folder if it exists. */
export function checkOutput(out: string): fs.Stats | null {
  if (typeof out !== 'string' || out.trim() === '') userError('the output folder is empty; name one with -o DIR', 'INVALID_OPTION');
  try { var st = fs.statSync(out); } catch (e: any) { if (e.code === 'ENOENT') return null; fsError(e, out, 'use as the output folder'); }
  if (!st!.isDirectory()) userError(`${out}: is a file, not a folder; give -o a folder`, 'FS_ERROR');
  return st!;
}

/** Writes a build's files into `dir`, replacing the tinyonnx files there as a set. Returns the names written. */
export function writeBuild(result: Pick<BuildResult, 'files' | 'qdq'>, dir: string): string[] {
  checkOutput(dir);
  var out = path.resolve(dir);
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    recoverInterrupted(out);
    var exists = checkOutput(dir) !== null;
    var fresh = tempName(out, 'new');
    try {
      writeFiles(fresh, result.files);
      if (!exists) fs.renameSync(fresh, out);
      else replaceIn(out, fresh, result.files);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
    if (result.qdq) writeAtomic(result.qdq.file, result.qdq.bytes);   // --emit-qdq: a file of its own
  } catch (e: any) {
    if (e && e.name === 'UserError') throw e;
    fsError(e, dir, 'write the build');
  }
  return Object.keys(result.files);
}

// `out` exists: bring the user's files into the new folder and swap, or (the user keeps folders
// there, or it is the current folder) move the new files in and remove the stale ones.
function replaceIn(out: string, fresh: string, files: BuildFiles) {
  var entries = fs.readdirSync(out, { withFileTypes: true });
  var keep = entries.filter(e => !(e.isFile() && isBuildFile(e.name)) && !(e.name in files));
  var cwd = process.cwd(), holdsCwd = cwd === out || cwd.startsWith(out + path.sep);   // never swap the folder we stand in
  if (!holdsCwd && keep.every(e => e.isFile())) {
    for (var k of keep) {
      try { fs.linkSync(path.join(out, k.name), path.join(fresh, k.name)); }
      catch (e) { fs.copyFileSync(path.join(out, k.name), path.join(fresh, k.name)); }
    }
    var old = tempName(out, 'old');
    fs.renameSync(out, old);
    fs.renameSync(fresh, out);
    fs.rmSync(old, { recursive: true, force: true });
    return;
  }
  for (var name of Object.keys(files)) fs.renameSync(path.join(fresh, name), path.join(out, name));
  for (var e of entries) if (e.isFile() && isBuildFile(e.name) && !(e.name in files)) fs.rmSync(path.join(out, e.name), { force: true });
}
