// Putting a build on disk as a set, as a small journaled commit. The new files are written into
// a staging folder beside the output ('.<out>.tinyonnx-new-<pid>-<n>'). A new output folder is
// that staging folder renamed (one atomic step). An existing one may hold the user's own files
// and folders, and Node has no atomic exchange of two folders, so the commit is a journal: the
// staging folder gets a '.commit' file (written whole, then renamed: the commit point) naming
// the files to move in and the stale ones to remove (another target's bundles); then each file
// is renamed into place. A build killed before the commit point leaves the folder as it was; one
// killed after it is finished by the next command that touches the folder (build, run, size,
// inspect, profile through the CLI or the API: recoverInterrupted), which rolls the journal
// forward. A staging folder without '.commit' is removed.
import * as fs from 'fs';
import * as path from 'path';
import { userError, fsError } from '../base/errors';
import type { BuildResult, BuildFiles } from './build';
import { writeAtomic } from '../base/files';

// The files a build may write: the set replaced as a whole (the user's other files stay).
var TINYONNX_FILE = /^(model\.tnx|[^/]+\.tnx|ops\.json|[^/]+\.ops\.json|runtime\.(cjs|mjs|js)(\.map)?|runtime\.d\.ts|size-report\.json|espruino-(upload|example)\.js)$/;
export function isBuildFile(name: string): boolean { return TINYONNX_FILE.test(name); }

var TMP_MARK = '.tinyonnx-', COMMIT = '.commit';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e: any) { return e.code === 'EPERM'; }
}

interface Journal { move: string[]; remove: string[] }

function readJournal(staging: string): Journal | null {
  try {
    var j = JSON.parse(fs.readFileSync(path.join(staging, COMMIT), 'utf8'));
    return j && Array.isArray(j.move) && Array.isArray(j.remove) ? j : null;
  } catch (e) { return null; }
}

// The commit's second half, also run by recovery: idempotent, so a kill inside it is finished later.
function rollForward(out: string, staging: string, j: Journal) {
  for (var name of j.move) if (isBuildFile(name) && fs.existsSync(path.join(staging, name))) { fs.renameSync(path.join(staging, name), path.join(out, name)); step(); }
  for (var stale of j.remove) if (isBuildFile(stale)) { fs.rmSync(path.join(out, stale), { force: true }); step(); }
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Finishes or undoes builds into `dir` that were killed: committed ones roll forward, others go. */
export function recoverInterrupted(dir: string) {
  var out = path.resolve(dir);
  var parent = path.dirname(out), base = path.basename(out), prefix = `.${base}${TMP_MARK}`;
  var names: string[] = [];
  try { names = fs.readdirSync(parent); } catch (e) { return; }
  try {
    for (var n of names.sort()) {
      if (!n.startsWith(prefix)) continue;
      var m = /^(new|old)-(\d+)-\d+$/.exec(n.slice(prefix.length));
      if (!m || (+m[2] !== process.pid && alive(+m[2]))) continue;
      var p = path.join(parent, n), j = m[1] === 'new' ? readJournal(p) : null;
      if (j && fs.existsSync(out)) rollForward(out, p, j);
      else if (m[1] === 'old' && !fs.existsSync(out)) fs.renameSync(p, out);   // left by the earlier two-rename swap
      else fs.rmSync(p, { recursive: true, force: true });
    }
  } catch (e) { fsError(e, dir, 'finish an interrupted build in'); }
}

var seq = 0;
function tempName(out: string, kind: 'new' | 'old') {
  return path.join(path.dirname(out), `.${path.basename(out)}${TMP_MARK}${kind}-${process.pid}-${seq++}`);
}

function writeFiles(dir: string, files: BuildFiles) {
  fs.mkdirSync(dir);
  for (var name of Object.keys(files)) { fs.writeFileSync(path.join(dir, name), files[name]); step(); }
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
    var staging = tempName(out, 'new');
    try {
      writeFiles(staging, result.files);
      if (!exists) fs.renameSync(staging, out);
      else commitInto(out, staging, result.files);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    if (result.qdq) writeAtomic(result.qdq.file, result.qdq.bytes);   // --emit-qdq: a file of its own
  } catch (e: any) {
    if (e && e.name === 'UserError') throw e;
    fsError(e, dir, 'write the build');
  }
  return Object.keys(result.files);
}

// `out` exists: the journal names what moves in and which earlier build files go; once it is in
// place (renamed whole) the build counts as done, and the moves follow.
function commitInto(out: string, staging: string, files: BuildFiles) {
  var stale = fs.readdirSync(out, { withFileTypes: true }).filter(e => e.isFile() && isBuildFile(e.name) && !(e.name in files)).map(e => e.name);
  var journal = path.join(staging, COMMIT), tmp = journal + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify({ move: Object.keys(files), remove: stale }));
  fs.renameSync(tmp, journal);
  step();
  rollForward(out, staging, { move: Object.keys(files), remove: stale });
}

// test/api.test.ts kills a build after each step of writing in turn: TINYONNX_KILL_AT_STEP=N
// makes this process SIGKILL itself after its N-th file operation (unset: nothing happens).
var steps = 0;
function step() {
  if (++steps === Number(process.env.TINYONNX_KILL_AT_STEP)) process.kill(process.pid, 'SIGKILL');
}
