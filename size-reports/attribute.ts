// Who the minified bundle's bytes belong to, from its source map (size-reports/sourcemap.ts):
// each kernel, the shared kernel utilities, the runtime core (device/runtime.ts), the format reader
// (device/reader.ts, device/dtype.ts), the target glue (device/glue/ and the generated entry) and whatever the map leaves
// unmapped. Entries always add up to the bundle's bytes exactly.
//
// A kernel's bytes are what removing it from the op set would save. Every mapped byte comes
// from a top-level declaration of some compiled module; size-reports/deps.ts finds which roots
// (each kernel's `prepare`, the runtime's `createLoader`, the target glue) reach it:
//   only one kernel     → that kernel: `own` when in its own file, else under `utils` by module
//                         (e.g. nn/pooling, or just the parts of kernels/shape only it uses);
//   several kernels     → "shared kernel utils" (group utils), by module;
//   the runtime core    → its module's group: runtime (device/runtime.ts), format (device/reader.ts,
//                         dtype.ts), glue (device/glue/), utils (device/kernels/ code the core uses).
// The generated entry's lines that import a kernel or list it in the kernel table count as
// that kernel's `table` bytes; its other lines are glue.
import { RawSourceMap, spans } from '../base/sourcemap';
import { bindingsAt, closure, exportNode } from './deps';
import { entrySource, KernelRef } from '../targets/bundle';
import { WASM_KERNELS } from '../targets/wasm/kernels';

export type Group = 'kernel' | 'utils' | 'runtime' | 'format' | 'glue' | 'other' | 'unattributed';
export var GROUPS: Group[] = ['kernel', 'utils', 'runtime', 'format', 'glue', 'other', 'unattributed'];

export interface AttributionEntry {
  group: Group;
  name: string;          // a module ('nn/Gemm', 'nn/gemmCore', 'device/runtime', ...) or a label
  kernel?: string;       // for group 'kernel': the kernel's op (see KernelSize.op)
  bytes: number;
}
export interface KernelSize {
  op: string;            // 'Gemm'; 'domain:Op' outside the default domain
  domain: string;
  file: string;          // below device/kernels/, e.g. 'nn/Gemm'
  bytes: number;         // own + table + utils
  own: number;
  table: number;
  utils: { module: string; bytes: number }[];
}
export interface Attribution {
  total: number;                       // the minified bundle's bytes; = sum of entries
  entries: AttributionEntry[];
  kernels: KernelSize[];               // biggest first
  groups: Record<Group, number>;
}

var DEV = 'dist/device/';
var ENTRY_FILE = 'tinyonnx-entry.js';

function opName(k: KernelRef): { op: string; domain: string } {
  var i = k.key.lastIndexOf(':');
  var domain = k.key.slice(0, i), op = k.key.slice(i + 1);
  return { op: domain ? `${domain}:${op}` : op, domain };
}

/** Module name of a bundle source: 'nn/Gemm', 'nn/gemmCore', 'device/runtime', ... */
function moduleOf(source: string): string {
  var s = source.replace(/\\/g, '/').replace(/^(\.\.?\/)+/, '');
  if (s.startsWith(DEV)) s = s.slice(DEV.length);
  if (s.startsWith('device/kernels/')) s = s.slice('device/kernels/'.length);
  return s.replace(/\.m?js$/, '');
}

function groupOf(source: string): Group | 'entry' | 'kernel-or-util' {
  var s = source.replace(/\\/g, '/');
  if (s.endsWith(ENTRY_FILE)) return 'entry';
  if (s.startsWith(DEV + 'device/kernels/') || s.startsWith(DEV + 'device/wasm/')) return 'kernel-or-util';
  if (s.startsWith(DEV + 'device/runtime.')) return 'runtime';
  if (s.startsWith(DEV + 'device/reader.') || s.startsWith(DEV + 'device/dtype.')) return 'format';
  if (s.startsWith(DEV + 'device/glue/')) return 'glue';
  return 'other';
}

/**
 * Attribute the bytes of `code` (a minified bundle, without any trailing sourceMappingURL comment)
 * using its source map. `kernels` are the bundle's kernels in the order the entry lists them.
 */
export function attribute(code: string, map: RawSourceMap, kernels: KernelRef[]): Attribution {
  var list = spans(code, map);
  var sources = map.sources;
  var kernelByFile = new Map<string, KernelRef>();
  for (var k of kernels) kernelByFile.set(k.file, k);

  // Which lines of the generated entry belong to which kernel (its import and its table entry).
  var entryLineKernel: (KernelRef | null)[] = [];
  entrySource(kernels).split('\n').forEach((line, i) => {
    entryLineKernel[i] = null;
    for (var k of kernels)
      if (line.indexOf(`/device/kernels/${k.file}.js'`) >= 0 || line.indexOf(JSON.stringify(k.key)) >= 0) entryLineKernel[i] = k;
  });

  // Which roots need the code at a source position: kernel files, or ':core'.
  // a kernel with a wasm version in this bundle is rooted at that version (it reaches the JS one)
  var kernelSource = (k: KernelRef) => {
    var w = WASM_KERNELS[k.file], ws = w && `${DEV}${w.module}.js`;
    return ws && sources.some(s => s.replace(/\\/g, '/') === ws) ? ws : `${DEV}device/kernels/${k.file}.js`;
  };
  var roots: { id: string; reach: { nodes: Set<string>; files: Set<string> } }[] = [];
  for (var k of kernels) { var n = exportNode(kernelSource(k), 'prepare'); roots.push({ id: k.file, reach: closure(n ? [n] : []) }); }
  var coreStart: string[] = [];
  var cl = exportNode(`${DEV}device/runtime.js`, 'createLoader');
  if (cl) coreStart.push(cl);
  for (var s of sources) if (groupOf(s) === 'glue') coreStart.push(exportNode(s.replace(/\\/g, '/'), '*')!);
  roots.push({ id: ':core', reach: closure(coreStart) });
  var ownerCache = new Map<string, string[]>();
  var ownersAt = (file: string, line: number, col: number): string[] => {
    var binds = bindingsAt(file, line, col);
    var key = file + '#' + (binds ? binds.join(',') : '');
    var hit = ownerCache.get(key);
    if (hit) return hit;
    var who = binds && binds.length ? roots.filter(r => binds!.some(b => r.reach.nodes.has(`${file}#${b}`))).map(r => r.id) : [];
    if (!who.length) who = roots.filter(r => r.reach.files.has(file)).map(r => r.id);   // module-level code
    ownerCache.set(key, who);
    return who;
  };

  var entries = new Map<string, AttributionEntry>();
  var add = (group: Group, name: string, bytes: number, kernel?: string) => {
    var key = group + '\u0000' + name + '\u0000' + (kernel || '');
    var e = entries.get(key);
    if (e) e.bytes += bytes;
    else entries.set(key, kernel ? { group, name, kernel, bytes } : { group, name, bytes });
  };
  var sizes = new Map<string, KernelSize>();
  var sizeOf = (k: KernelRef) => {
    if (!sizes.has(k.file)) { var o = opName(k); sizes.set(k.file, { op: o.op, domain: o.domain, file: k.file, bytes: 0, own: 0, table: 0, utils: [] }); }
    return sizes.get(k.file)!;
  };
  for (var k of kernels) sizeOf(k);

  for (var sp of list) {
    if (sp.src < 0) { add('unattributed', 'unmapped / wrapper', sp.bytes); continue; }
    var source = sources[sp.src], g = groupOf(source), mod = moduleOf(source);
    if (g === 'entry') {
      var ek = entryLineKernel[sp.line];
      if (ek) { var ks = sizeOf(ek); ks.table += sp.bytes; add('kernel', 'entry (kernel table)', sp.bytes, ks.op); }
      else add('glue', 'entry (generated)', sp.bytes);
    } else {
      var file = source.replace(/\\/g, '/');
      var who = g === 'other' ? [] : ownersAt(file, sp.line, sp.col);
      var only = who.length === 1 ? kernelByFile.get(who[0]) : undefined;
      if (!who.length && g === 'kernel-or-util' && kernelByFile.has(mod)) only = kernelByFile.get(mod);   // analysis found no owner
      if (only) {
        var ks = sizeOf(only);
        if (only.file === mod) ks.own += sp.bytes;
        else { var u = ks.utils.find(x => x.module === mod); if (u) u.bytes += sp.bytes; else ks.utils.push({ module: mod, bytes: sp.bytes }); }
        add('kernel', mod, sp.bytes, ks.op);
      } else if (g === 'kernel-or-util') add('utils', mod, sp.bytes);
      else add(g, g === 'other' ? source : mod, sp.bytes);
    }
  }

  var kernelsOut = Array.from(sizes.values());
  for (var ks of kernelsOut) {
    ks.utils.sort((a, b) => b.bytes - a.bytes || (a.module < b.module ? -1 : 1));
    ks.bytes = ks.own + ks.table + ks.utils.reduce((a, u) => a + u.bytes, 0);
  }
  kernelsOut.sort((a, b) => b.bytes - a.bytes || (a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
  var out = Array.from(entries.values()).sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  var groups = {} as Record<Group, number>;
  for (var gname of GROUPS) groups[gname] = 0;
  for (var e of out) groups[e.group] += e.bytes;
  return { total: Buffer.byteLength(code, 'utf8'), entries: out, kernels: kernelsOut, groups };
}
