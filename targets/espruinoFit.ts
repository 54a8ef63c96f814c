// Whether a model.tnx can run on a real Espruino board, read from the file alone. Espruino views
// at most 65535 bytes of an ArrayBuffer (16-bit byteOffset and length, src/jsvar.h), so the
// glue (targets/glue/espruino.ts) maps the graph head and each constant on its own, and the
// arena is planned in banks (converter/emit.ts). What still cannot fit is listed here, by name.
import { readModel, ModelView } from '../device/reader';
import { bytesPer, DTYPE_NAME, sizeOf } from '../device/dtype';

export var ESPRUINO_MAX_VIEW = 65535;

export interface EspruinoFit { fits: boolean; problems: string[] }

// model: the file's bytes, or the build's one parsed view of them.
export function espruinoFit(model: Uint8Array | ModelView): EspruinoFit {
  var m = model instanceof Uint8Array ? readModel(model) : model, problems: string[] = [], max = ESPRUINO_MAX_VIEW;
  if (m.dataOffset > max) problems.push(`the graph description (${m.dataOffset} bytes before the weights) is more than ${max} bytes`);
  var users: Record<number, string> = {}, writers: Record<number, string> = {};
  (function walk(g: typeof m.graph) {
    for (var n of g.nodes) {
      var op = m.ops[n.op], what = `node '${n.name}' (${op.domain ? op.domain + ':' : ''}${op.op})`;
      for (var i of n.inputs) if (i >= 0 && !(i in users)) users[i] = what;
      for (var o of n.outputs) if (o >= 0) writers[o] = what;
      for (var k in n.graphs) { var gs = n.graphs[k]; (gs instanceof Array ? gs : [gs]).forEach(walk); }
    }
  })(m.graph);
  var bigActs: string[] = [];
  m.tensors.forEach((t, i) => {
    var bytes = sizeOf(t.shape) * bytesPer(t.dtype);
    if (bytes <= max) return;
    // internal activations have no name in the file (converter/emit.ts): the node writing it says which
    var desc = `${t.name ? `'${t.name}'` : writers[i] ? 'the output of ' + writers[i] : 'tensor ' + i} (${DTYPE_NAME[t.dtype]} [${t.shape}], ${bytes} bytes${users[i] ? ', read by ' + users[i] : ''})`;
    if (t.kind === 1) problems.push(`constant ${desc} is more than ${max} bytes, and only MatMul, Gemm and Conv weights are split`);
    if (t.kind === 0) bigActs.push(desc);
  });
  if (bigActs.length) problems.push(`${bigActs.length} activation${bigActs.length > 1 ? 's are' : ' is'} more than ${max} bytes: ${bigActs.slice(0, 3).join(', ')}${bigActs.length > 3 ? ', …' : ''}`);
  else if (!m.arenaBank && m.arenaSize > max) problems.push(`the arena (${m.arenaSize} bytes) is not planned in banks`);
  return { fits: problems.length === 0, problems };
}
