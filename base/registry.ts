// Host-side view of device/kernels/: finds every kernel file by walking the folder, so adding a
// kernel is adding a file. Device bundles never use this; they import the kernels ops.json names.
import * as fs from 'fs';
import * as path from 'path';
import { Prepare } from '../device/kernels/contract';
import { Infer, Meta } from '../device/kernels/infer';

export interface KernelModule {
  meta: Meta;
  infer: Infer;
  prepare: Prepare;
  file: string;   // path below device/kernels/, without extension, '/'-separated
}

var registry: Map<string, KernelModule[]> | null = null;
var ROOT = path.join(__dirname, '..', 'device', 'kernels');

function walk(dir: string, rel: string, out: KernelModule[]) {
  for (var name of fs.readdirSync(dir).sort()) {
    var full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) { walk(full, rel ? rel + '/' + name : name, out); continue; }
    var m = /^([A-Z][A-Za-z0-9_]*)\.(ts|js)$/.exec(name);   // kernels are named after their op
    if (!m || name.endsWith('.d.ts')) continue;
    var mod = require(full);
    if (!mod.meta || !mod.prepare || !mod.infer) continue;
    out.push({ meta: mod.meta, infer: mod.infer, prepare: mod.prepare, file: (rel ? rel + '/' : '') + m[1] });
  }
}

export function kernelKey(domain: string, op: string): string {
  return (domain === 'ai.onnx' ? '' : domain) + ':' + op;
}

export function allKernels(): Map<string, KernelModule[]> {
  if (!registry) {
    var list: KernelModule[] = [];
    walk(ROOT, '', list);
    registry = new Map();
    for (var k of list) {
      var key = kernelKey(k.meta.domain, k.meta.op);
      if (!registry.has(key)) registry.set(key, []);
      registry.get(key)!.push(k);
    }
  }
  return registry;
}

export function findKernel(domain: string, op: string, opset: number): KernelModule | undefined {
  var list = allKernels().get(kernelKey(domain, op));
  if (!list) return undefined;
  for (var k of list) if (opset >= k.meta.since && (k.meta.until === undefined || opset <= k.meta.until)) return k;
  return undefined;
}

export function hasOp(domain: string, op: string): boolean {
  return allKernels().has(kernelKey(domain, op));
}
