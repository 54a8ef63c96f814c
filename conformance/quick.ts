// Developer tool: run backend cases through the host interpreter.
// npx tsx conformance/quick.ts [REGEX] [--suite node] [--fails]
import { listCases, runCase } from './run';
import { interpret } from '../converter/interpret';

var args = process.argv.slice(2);
var suite = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
var re = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--suite');
var root = process.env.ONNX_BACKEND_TESTS || '../shared/onnx-backend-tests';
var cases = listCases(root, suite, re ? new RegExp(re) : undefined);
var pass = 0, byCat: Record<string, number> = {};
for (var c of cases) {
  var r = runCase(c, interpret);
  if (r.status === 'pass') pass++;
  else {
    byCat[r.category!] = (byCat[r.category!] || 0) + 1;
    if (args.includes('--fails')) console.log(`FAIL ${c.suite}/${c.name} [${r.category}] ${r.detail}`);
  }
}
console.log(`${pass}/${cases.length} passed`, JSON.stringify(byCat));
