// Proves which `.slice(` calls in the device sources run on a plain Array or a string.
// Espruino's TypedArray.prototype.slice returns a plain Array and it has no
// ArrayBuffer.prototype.slice, so the espruino check rejects every `.slice(` in a bundle unless the
// TypeScript checker proved its receiver is an Array, a tuple or a string (a proof over the
// device sources, which carry the types the minified bundle has lost).
//
// The proof is cached in dist/device/.slice-proof.json, keyed by each source's hash; it is
// recomputed when a source changed and TypeScript is at hand (always in a development checkout).
// An installed package without TypeScript uses the proof its build wrote (`node
// dist/host/targets/proof.js` after `tsc -p tsconfig.device.json`).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type * as TS from 'typescript';
import { packageRoot } from '../base/root';

export interface UnprovenSlice { line: number; text: string }
export interface SliceProof { files: Record<string, { sha: string; unproven: UnprovenSlice[] }> }   // keys: 'device/kernels/x/Y.ts'

var PROOF_VERSION = 1;
var memo: { proof: SliceProof; checked: Set<string> } | null = null;

function proofFile() { return path.join(packageRoot(), 'dist', 'device', '.slice-proof.json'); }
function sha(file: string) { return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16); }

function loadTs(): typeof TS | null {
  try { return require('typescript'); } catch (e) { return null; }
}

function readCache(): SliceProof | null {
  try {
    var j = JSON.parse(fs.readFileSync(proofFile(), 'utf8'));
    return j && j.version === PROOF_VERSION ? { files: j.files } : null;
  } catch (e) { return null; }
}

// Is the cached entry for this source still about the source as it is now?
function fresh(proof: SliceProof, rel: string): boolean {
  var entry = proof.files[rel];
  if (!entry) return false;
  var abs = path.join(packageRoot(), rel);
  return !fs.existsSync(abs) || sha(abs) === entry.sha;   // no source (installed package): trust the build's proof
}

// The proof for the given device sources (package-relative .ts paths); null when it cannot be
// had (a source changed and TypeScript is not installed).
export function sliceProof(sources: string[]): SliceProof | null {
  if (memo && sources.every(s => memo!.checked.has(s))) return memo.proof;
  var proof = memo ? memo.proof : readCache();
  if (proof && sources.every(s => fresh(proof!, s))) {
    memo = { proof, checked: new Set([...(memo ? memo.checked : []), ...sources]) };
    return proof;
  }
  proof = computeSliceProof();
  if (!proof) return null;
  var tmp = proofFile() + '.tmp-' + process.pid;
  fs.writeFileSync(tmp, JSON.stringify({ version: PROOF_VERSION, files: proof.files }) + '\n');
  fs.renameSync(tmp, proofFile());
  memo = { proof, checked: new Set(sources) };
  return proof;
}

export function computeSliceProof(): SliceProof | null {
  var maybe = loadTs(), root = packageRoot();
  if (!maybe) return null;
  var ts = maybe;
  var configPath = path.join(root, 'tsconfig.device.json');
  var cfg = ts.readConfigFile(configPath, ts.sys.readFile);
  var parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, root);
  var program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  var checker = program.getTypeChecker();
  var files: SliceProof['files'] = {};
  var proven = (t: TS.Type): boolean => {
    if (t.isUnion()) return t.types.every(proven);
    return !!(t.flags & ts.TypeFlags.StringLike) || checker.isArrayType(t) || checker.isTupleType(t);
  };
  for (var sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    var rel = path.relative(root, sf.fileName).split(path.sep).join('/');
    if (rel.startsWith('..')) continue;
    var unproven: UnprovenSlice[] = [];
    var visit = (n: TS.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'slice' &&
          !proven(checker.getTypeAtLocation(n.expression.expression))) {
        var lc = sf.getLineAndCharacterOfPosition(n.getStart(sf));
        unproven.push({ line: lc.line + 1, text: n.getText(sf).split('\n')[0].slice(0, 80) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    files[rel] = { sha: sha(sf.fileName), unproven };
  }
  return { files };
}

// `node dist/host/targets/proof.js`: write the proof (a package build step).
if (require.main === module) {
  var p = computeSliceProof();
  if (!p) { console.error('tinyonnx: typescript is needed to prove the device sources'); process.exit(2); }
  fs.writeFileSync(proofFile(), JSON.stringify({ version: PROOF_VERSION, files: p.files }) + '\n');
  var bad = Object.entries(p.files).filter(([, e]) => e.unproven.length);
  if (process.env.TINYONNX_VERBOSE) console.log(`slice proof: ${Object.keys(p.files).length} device sources, ${bad.length} with .slice( on something not proven an Array or string`);
}
