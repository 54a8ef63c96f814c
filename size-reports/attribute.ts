// Who the minified bundle's bytes belong to, from its source map (size-reports/sourcemap.ts):
// each kernel, the shared kernel utilities, the runtime core (runtime-min/), the format reader
// (format/), the target glue (targets/glue/ and the generated entry) and whatever the map leaves
// unmapped. Entries always add up to the bundle's bytes exactly.
//
// A kernel's bytes are what removing it from the op set would save:
//   own    its file (ops-registry/<family>/<Op>.js),
//   table  its import and kernel-table lines in the generated entry,
//   utils  utility modules (ops-registry/util/*, ops-registry/kernel.js) that no other kernel
//          in this bundle and nothing in the runtime core imports (directly or transitively).
// Utility modules used by two kernels or more are "shared kernel utils".
import { RawSourceMap, spans } from './sourcemap';
import { reachable } from './imports';
import { entrySource, KernelRef } from '../targets/bundle';

export type Group = 'kernel' | 'utils' | 'runtime' | 'format' | 'glue' | 'other' | 'unattributed';
export var GROUPS: Group[] = ['kernel', 'utils', 'runtime', 'format', 'glue', 'other', 'unattributed'];

export interface AttributionEntry {
  group: Group;
  name: string;          // a module ('nn/Gemm', 'util/shape', 'runtime-min/session', ...) or a label
  kernel?: string;       // for group 'kernel': the kernel's op (see KernelSize.op)
  bytes: number;
}
export interface KernelSize {
  op: string;            // 'Gemm'; 'domain:Op' outside the default domain
  domain: string;
  file: string;          // below ops-registry/, e.g. 'nn/Gemm'
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

/** Module name of a bundle source: 'nn/Gemm', 'util/shape', 'runtime-min/session', ... */
function moduleOf(source: string): string {
  var s = source.replace(/\\/g, '/').replace(/^(\.\.?\/)+/, '');
  if (s.startsWith(DEV)) s = s.slice(DEV.length);
  if (s.startsWith('ops-registry/')) s = s.slice('ops-registry/'.length);
  return s.replace(/\.m?js$/, '');
}

function groupOf(source: string): Group | 'entry' | 'kernel-or-util' {
  var s = source.replace(/\\/g, '/');
  if (s.endsWith(ENTRY_FILE)) return 'entry';
  if (s.startsWith(DEV + 'ops-registry/')) return 'kernel-or-util';
  if (s.startsWith(DEV + 'runtime-min/')) return 'runtime';
  if (s.startsWith(DEV + 'format/')) return 'format';
  if (s.startsWith(DEV + 'targets/glue/')) return 'glue';
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
      if (line.indexOf(`/ops-registry/${k.file}.js'`) >= 0 || line.indexOf(JSON.stringify(k.key)) >= 0) entryLineKernel[i] = k;
  });

  // Owners of each utility module: the kernels (and 'core') whose import closure contains it.
  var kernelSource = (k: KernelRef) => `${DEV}ops-registry/${k.file}.js`;
  var owners = new Map<string, Set<string>>();
  var own = (root: string, who: string) => {
    for (var m of reachable([root])) {
      if (!owners.has(m)) owners.set(m, new Set());
      owners.get(m)!.add(who);
    }
  };
  for (var k of kernels) own(kernelSource(k), k.file);
  own(`${DEV}runtime-min/session.js`, ':core');
  for (var s of sources) if (groupOf(s) === 'glue') own(s.replace(/\\/g, '/'), ':core');

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
    } else if (g === 'kernel-or-util') {
      var kf = kernelByFile.get(mod);
      var isUtil = !kf && (mod.startsWith('util/') || mod === 'kernel');
      if (kf) { var ks = sizeOf(kf); ks.own += sp.bytes; add('kernel', mod, sp.bytes, ks.op); }
      else if (isUtil) {
        var who = owners.get(source.replace(/\\/g, '/'));
        var only = who && who.size === 1 ? Array.from(who)[0] : null;
        var ok = only && kernelByFile.get(only);
        if (ok) {
          var ks = sizeOf(ok);
          var u = ks.utils.find(x => x.module === mod);
          if (u) u.bytes += sp.bytes; else ks.utils.push({ module: mod, bytes: sp.bytes });
          add('kernel', mod, sp.bytes, ks.op);
        } else add('utils', mod, sp.bytes);
      } else {
        // a kernel file the entry does not list (should not happen): count it as a kernel of its own
        var ref: KernelRef = { key: ':' + mod.split('/').pop(), file: mod };
        kernelByFile.set(mod, ref);
        var ks = sizeOf(ref); ks.own += sp.bytes; add('kernel', mod, sp.bytes, ks.op);
      }
    } else add(g, g === 'other' ? source : mod, sp.bytes);
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
