// Bundles of every registry kernel, one per target: the static check passes on all of them, and
// a deterministic sample of >= 200 ONNX node conformance cases, spread across ops, passes in
// QuickJS (the quickjs bundle) and in Duktape (the ES5 espruino bundle), as it does in Node.
// The sample needs ../shared/onnx-backend-tests; without it that part is skipped with a notice.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { buildBundle, kernelRefs } from '../targets/bundle';
import { PROFILES } from '../targets/profiles';
import { checkBundle, assertBundleFits, formatViolations } from '../targets/check';
import { allKernels } from '../base/registry';
import { listCases, runCase } from '../conformance/run';
import { compare, readCaseData } from '../conformance/cases';
import { writeModel } from '../format/write';
import { emitModel } from '../converter/emit';
import { quickjsWithBundle, quickjsRun, QuickJSVM } from '../targets/engines/quickjs';
import { runDuk, haveDuk, DUK } from '../targets/engines/duktape';
import { modelIO } from '../targets/engines/common';
import { TMP } from './buildCache';

var DATA = path.join(__dirname, '..', '..', 'shared', 'onnx-backend-tests');
var SAMPLE = 240;   // node cases, picked round-robin across ops

if (!haveDuk()) throw new Error(`'${DUK}' is not installed (apt-get install duktape); the target tests need it`);

var files: string[] = [];
for (var list of allKernels().values()) for (var k of list) files.push(k.file);
files.sort();
var bundles: Record<string, { file: string; code: string; map: string; format?: string }[]> = {};

beforeAll(async () => {
  for (var t of ['node', 'webview', 'quickjs', 'espruino']) bundles[t] = await buildBundle(kernelRefs(files), (PROFILES as any)[t]);
}, 300000);

describe('static check over bundles of every registry kernel', () => {
  it.each(['node', 'webview', 'quickjs', 'espruino'])('%s: every bundle fits its profile', (t) => {
    var profile = (PROFILES as any)[t];
    expect(bundles[t].map(b => b.file)).toEqual(profile.outputs.map((o: any) => o.file));
    for (var b of bundles[t]) {
      var v = checkBundle(b.code, profile, b.format as any, b.map);
      expect(v.length ? formatViolations(b.file, profile, v, 50) : '', `${files.length} kernels`).toBe('');
    }
  });

  it('names the construct, where it is in the bundle and the device source it came from', () => {
    var esp = PROFILES.espruino, b = bundles.espruino[0];
    // forbid something the runtime really uses, to see the report
    var strict = { ...esp, forbid: { ...esp.forbid, globals: [...esp.forbid.globals, 'DataView'], members: [...esp.forbid.members, 'String.fromCharCode'] } };
    var v = checkBundle(b.code, strict as any, 'iife', b.map);
    var reader = fs.readFileSync(path.join(__dirname, '..', 'device', 'reader.ts'), 'utf8').split('\n');
    var dv = v.find(x => x.construct === 'DataView' && /^device\/reader\.ts:/.test(x.source || ''))!;   // verify.ts has its own
    expect(dv.source).toMatch(/^device\/reader\.ts:\d+$/);
    expect(reader[Number(dv.source!.split(':')[1]) - 1]).toContain('new DataView');
    // Terser inlines reader's `chr = String.fromCharCode` at its calls, which are what is named
    expect(v.some(x => x.construct === 'String.fromCharCode' && /^device\/reader\.ts:\d+$/.test(x.source || ''))).toBe(true);
    expect(() => assertBundleFits('runtime.js', b.code, b.map, strict as any, 'iife'))
      .toThrow(/^runtime\.js does not fit target espruino: (String\.fromCharCode|DataView) at runtime\.js:1:\d+ \(from [\w\/.-]+\.ts:\d+\); /);
  });

  it('rejects each construct Espruino lacks, and nothing a local name shadows', () => {
    var esp = PROFILES.espruino;
    var c = (code: string) => checkBundle(code, esp, 'iife', null).map(v => v.construct);
    var wrap = (body: string, args = '') => `var tinyonnx=function(${args}){${body}}();`;
    expect(c(wrap('return new Map()'))).toEqual(['Map']);
    expect(c(wrap('return [new Set(), BigInt(1), new TextDecoder()]'))).toEqual(['Set', 'BigInt', 'TextDecoder']);
    expect(c(wrap('var Map = {}; return Map'))).toEqual([]);
    expect(c(wrap('return Math.fround(1)+Math.imul(1,2)+Math.trunc(1)+Math.sign(1)+Math.log2(1)+Math["tanh"](1)')))
      .toEqual(['Math.fround', 'Math.imul', 'Math.trunc', 'Math.sign', 'Math.log2', 'Math.tanh']);
    expect(c(wrap('return Number.EPSILON+Array.from([])+Float32Array.from([1])+Int8Array.of(1)')))
      .toEqual(['Number.EPSILON', 'Array.from', 'Float32Array.from', 'Int8Array.of']);
    expect(c(wrap('a:for(;;){for(;;){continue a}}'))).toEqual(['labelled statement', 'labelled continue']);
    expect(c(wrap('x.length=0;x.length+=1;x.length--', 'x'))).toEqual(['assignment to .length (=)', 'assignment to .length (+=)', 'assignment to .length (--)']);
    expect(c(wrap('return "ab".slice(1)+[1,2].slice(1)'))).toEqual([]);
    expect(c(wrap('return x.slice(1)', 'x'))[0]).toMatch(/^\.slice\( \(no device source to prove it from/);
    expect(c(wrap('leak=1'))).toEqual(["assignment to undeclared 'leak' (an implicit global)"]);
    expect(c('var tinyonnx=1;var other=2;')).toEqual(['top-level names [tinyonnx, other]: a script bundle defines exactly one global, tinyonnx']);
    expect(c(wrap('var {a}={a:1};return a'))).toEqual(['destructuring (syntax beyond ES5)']);
    expect(c(wrap('return f(...x)', 'x'))).toEqual(['spread (syntax beyond ES5)']);
    expect(c('var tinyonnx=function(a=1){return a}();')).toEqual(['default parameter (syntax beyond ES5)']);
    expect(c(wrap('let a=1;return a'))).toEqual(['let (syntax beyond ES5)']);
    expect(checkBundle('export var a={...b}', PROFILES.webview, 'es', null).map(v => v.construct)).toEqual(['object spread (syntax beyond ES2017)']);
    expect(checkBundle('export var a=[].flat(),b=Object.fromEntries([])', PROFILES.webview, 'es', null).map(v => v.construct)).toEqual(['.flat', 'Object.fromEntries']);
    expect(checkBundle('var tinyonnx=new TextDecoder()', PROFILES.quickjs, 'iife', null).map(v => v.construct)).toEqual(['TextDecoder']);
  });
});

// ---- the conformance sample ----------------------------------------------------------------

var haveData = fs.existsSync(path.join(DATA, 'node'));
if (!haveData) console.warn(`NOTICE: ${DATA} not found: the QuickJS/Duktape conformance sample is skipped (CI has it)`);

interface Picked { name: string; op: string; tnx: Uint8Array; feeds: Record<string, any>; outputs: string[]; expected: any[] }

describe.skipIf(!haveData)('conformance sample in QuickJS and Duktape', () => {
  var picked: Picked[] = [];
  var q: QuickJSVM;

  beforeAll(async () => {
    // Node: the all-kernels node bundle; a case is picked when it passes there.
    var nodeFile = path.join(TMP, 'all-kernels-runtime.cjs');
    fs.writeFileSync(nodeFile, bundles.node.find(b => b.file === 'runtime.cjs')!.code);
    var { load } = require(nodeFile);
    var byOp = new Map<string, any[]>();
    for (var c of listCases(DATA, 'node').sort((a: any, b: any) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
      var op = (c.ops && c.ops[0]) || c.name;
      if (!byOp.has(op)) byOp.set(op, []);
      byOp.get(op)!.push(c);
    }
    var ops = [...byOp.keys()].sort(), next = new Map(ops.map(o => [o, 0]));
    var passedOps = new Set<string>();
    while (picked.length < SAMPLE) {
      var progressed = false;
      for (var o of ops) {
        if (picked.length >= SAMPLE) break;
        var list = byOp.get(o)!;
        // the next case of this op that passes in Node
        while (next.get(o)! < list.length) {
          var cs = list[next.get(o)!];
          next.set(o, next.get(o)! + 1);
          // The engine drivers carry feeds and outputs as binary typed arrays; string tensors
          // (StringNormalizer, string LabelEncoder/Equal) are covered on Node only.
          var io = [...(cs.manifest.inputs || []), ...(cs.manifest.outputs || [])];
          if (io.some((v: any) => v.elem_type === 'STRING')) continue;
          var captured: Picked | null = null;
          var r = runCase(cs, (model: any, feeds: any) => {
            var tnx = writeModel(emitModel(model).model);
            captured = { name: cs.name, op: o, tnx, feeds, outputs: model.graph.outputs.slice(), expected: [] };
            var outs = load(tnx).run(feeds), copy: any = {};
            for (var k in outs) copy[k] = outs[k].slice();
            return copy;
          });
          if (r.status === 'pass' && captured) {
            (captured as Picked).expected = readCaseData(cs).outputs;
            picked.push(captured);
            passedOps.add(o);
            progressed = true;
            break;
          }
        }
      }
      if (!progressed) break;
    }
    console.log(`conformance sample: ${picked.length} node cases across ${passedOps.size} ops`);
    q = await quickjsWithBundle(bundles.quickjs.find(b => b.file === 'runtime.js')!.code, 'runtime.js', { stackLimit: 1 << 20 });
  }, 600000);
  afterAll(() => { if (q) q.dispose(); });

  function check(engine: string, results: { name: string; outputs?: Record<string, ArrayLike<number>>; error?: string }[]) {
    var failures: string[] = [];
    results.forEach((res, i) => {
      var p = picked[i];
      if (res.error) { failures.push(`${p.name}: ${res.error}`); return; }
      for (var j = 0; j < p.expected.length; j++) {
        var cmp = compare(res.outputs![p.outputs[j]], p.expected[j]);
        if (!cmp.ok) { failures.push(`${p.name} output '${p.outputs[j]}': ${cmp.detail}`); return; }
      }
    });
    expect(failures, `${engine}: ${failures.length} of ${results.length} failed`).toEqual([]);
  }

  it('picks at least 200 cases spread across ops', () => {
    expect(picked.length).toBeGreaterThanOrEqual(200);
    expect(new Set(picked.map(p => p.name)).size).toBe(picked.length);
    var perOp = new Map<string, number>();
    for (var p of picked) perOp.set(p.op, (perOp.get(p.op) || 0) + 1);
    expect(perOp.size).toBeGreaterThanOrEqual(100);   // round-robin: every op's first passing case before any op's second
    expect(Math.max(...perOp.values()) - Math.min(...perOp.values())).toBeLessThanOrEqual(SAMPLE);
  });

  it('every picked case passes in QuickJS (one VM, the all-kernels quickjs bundle)', () => {
    var results = picked.map(p => {
      try {
        var r = quickjsRun(q, p.tnx, p.feeds, modelIO(p.tnx).inputs, 0);
        return { name: p.name, outputs: r.outputs as Record<string, ArrayLike<number>> };
      } catch (e: any) { return { name: p.name, error: String(e.message).split('\n')[0] }; }
    });
    check('quickjs', results);
  }, 300000);

  it('every picked case passes in Duktape (one duk process, the all-kernels ES5 espruino bundle)', async () => {
    var res = await runDuk(bundles.espruino[0].code, picked.map(p => ({ tnx: p.tnx, feeds: p.feeds, inputs: modelIO(p.tnx).inputs, repeat: 0 })));
    check('duktape', res.map((r, i) => ({ name: picked[i].name, outputs: r.outputs as Record<string, ArrayLike<number>>, error: r.error })));
  }, 300000);
});
