// ops.json: the exact op set a model uses, and the kernel files that implement it.
import { Graph, Model } from './ir';
import { kernelFor, opsetFor } from './graph/kernels';
import * as D from '../device/dtype';

export interface OpEntry { domain: string; op: string; opset: number; dtypes: string[] }
export interface Manifest { ops: OpEntry[]; kernels: string[] }

export function opsManifest(model: Model): Manifest {
  var entries = new Map<string, OpEntry>();
  var kernels = new Set<string>();
  var walk = (g: Graph, scopes: Graph[]) => {
    scopes = scopes.concat([g]);
    var typeOf = (n: string) => { for (var i = scopes.length - 1; i >= 0; i--) { var v = scopes[i].values.get(n); if (v) return v.dtype; } return 0; };
    for (var node of g.nodes) {
      var opset = opsetFor(model, node);
      var key = `${node.domain}:${node.op}:${opset}`;
      if (!entries.has(key)) entries.set(key, { domain: node.domain, op: node.op, opset, dtypes: [] });
      var e = entries.get(key)!;
      for (var n of [...node.inputs, ...node.outputs]) {
        var name = n && D.DTYPE_NAME[typeOf(n)];
        if (name && e.dtypes.indexOf(name) < 0) e.dtypes.push(name);
      }
      kernels.add(kernelFor(model, node).file);
      for (var a in node.attrs) if (node.attrs[a].type === 'graph') walk(node.attrs[a].value, scopes);
    }
  };
  walk(model.graph, []);
  var ops = Array.from(entries.values()).map(e => ({ ...e, dtypes: e.dtypes.sort() }));
  ops.sort((a, b) => (a.domain + ':' + a.op < b.domain + ':' + b.op ? -1 : a.domain + ':' + a.op > b.domain + ':' + b.op ? 1 : a.opset - b.opset));
  return { ops, kernels: Array.from(kernels).sort() };
}
