// `tinyonnx conformance <data-dir>`: every backend test case through the shipped path.
import * as fs from 'fs';
import * as path from 'path';
import { listCases, runCase, CaseResult } from '../conformance/run';
import { runtimeBackend } from '../conformance/backend';
import { writeOperatorsDoc } from '../conformance/operatorsDoc';
import { userError } from '../base/errors';
import { writeAtomic } from '../base/files';

export async function conformanceCommand(argv: any): Promise<number> {
  if (!fs.existsSync(argv.data)) userError(`${argv.data}: no such folder (the ONNX backend test data)`);
  var filter: RegExp | undefined;
  if (argv.filter) { try { filter = new RegExp(argv.filter); } catch (e: any) { userError(`--filter: ${e.message}`); } }
  var cases = listCases(argv.data, argv.suite, filter);
  if (!cases.length) userError(`${argv.data}: no test cases matched`);
  var backend = await runtimeBackend();
  var results: CaseResult[] = [];
  var tty = process.stderr.isTTY, t0 = Date.now();
  cases.forEach((c, i) => {
    results.push(runCase(c, backend));
    if (tty) process.stderr.write(`\r${i + 1}/${cases.length} ${c.suite}/${c.name}`.padEnd(100).slice(0, 100));
    else if ((i + 1) % 250 === 0) process.stderr.write(`${i + 1}/${cases.length} cases\n`);
  });
  if (tty) process.stderr.write('\r' + ' '.repeat(100) + '\r');
  var passed = results.filter(r => r.status === 'pass').length;
  var bySuite: Record<string, { total: number; passed: number }> = {};
  var byCat: Record<string, number> = {};
  for (var r of results) {
    var s = bySuite[r.suite] || (bySuite[r.suite] = { total: 0, passed: 0 });
    s.total++; if (r.status === 'pass') s.passed++;
    else byCat[r.category!] = (byCat[r.category!] || 0) + 1;
  }
  for (var [name, s] of Object.entries(bySuite)) console.log(`${name}: ${s.passed}/${s.total} passed (${(100 * s.passed / s.total).toFixed(1)}%)`);
  console.log(`failures by category: ${Object.entries(byCat).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  console.log(`${passed} passed, ${results.length - passed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  var out = { total: results.length, passed, suites: bySuite, cases: results };
  if (argv.json) writeAtomic(argv.json, JSON.stringify(out, null, 1) + '\n');
  if (argv.docs) writeOperatorsDoc(argv.docs, cases, results);
  if (argv.ratchet) {
    if (!fs.existsSync(argv.ratchet)) userError(`--ratchet ${argv.ratchet}: no such file`);
    var want = JSON.parse(fs.readFileSync(argv.ratchet, 'utf8'));
    var low: string[] = [];
    for (var [name, min] of Object.entries<number>(want.suites || {})) {
      var got = bySuite[name] ? bySuite[name].passed : 0;
      if (got < min) low.push(`${name}: ${got} passed, ratchet requires ${min}`);
    }
    if (low.length) { for (var l of low) console.error(`tinyonnx: conformance dropped below the ratchet (${argv.ratchet}): ${l}`); return 1; }
    console.log(`ratchet ${path.basename(argv.ratchet)}: ok`);
  }
  return 0;
}
