// Values as kernels see them: a scope chain over nested graphs, static shapes, and the
// ValueType a kernel's infer takes (with a clear error for dynamic dims or unsupported types).
import { Graph, Model, Value } from '../ir';
import { userError } from '../../base/errors';
import { ValueType } from '../../device/kernels/infer';
import * as D from '../../device/dtype';

export class Scope {
  constructor(public graph: Graph, public parent: Scope | null) {}
  get(name: string): Value | undefined {
    return this.graph.values.get(name) || (this.parent ? this.parent.get(name) : undefined);
  }
}

// The shape of a value when every dim is a number (null while any is symbolic or unknown).
export function staticShape(v: Value | undefined): number[] | null {
  if (!v || !v.shape) return null;
  for (var d of v.shape) if (typeof d !== 'number') return null;
  return v.shape as number[];
}

export function valueType(v: Value, where: string, model: Model): ValueType {
  var shape = staticShape(v);
  if (!shape) {
    var dyn = v.shape ? v.shape.map((d, i) => typeof d === 'number' ? null : `'${d}' (axis ${i})`).filter(Boolean).join(', ') : 'unknown rank';
    userError(`${model.file}: ${where}: tensor '${v.name}' has a dynamic shape [${(v.shape || []).join(',')}] (${dyn}); pin the graph inputs with --shape NAME=1x...`);
  }
  if (!D.ARRAY_OF[v.dtype] && !D.isString(v.dtype)) userError(`${model.file}: ${where}: tensor '${v.name}' has element type ${D.DTYPE_NAME[v.dtype] || v.dtype}, which tinyonnx does not support`);
  return v.data ? { dtype: v.dtype, shape, data: v.data } : { dtype: v.dtype, shape };
}
