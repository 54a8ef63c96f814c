// `tinyonnx inspect model.onnx | model.tnx`: prints api/inspect.ts's summary.
import { inspect } from '../api/inspect';

export function inspectCommand(argv: any) {
  var s = inspect(argv.file);
  if (argv.json) { console.log(JSON.stringify(s, null, 2)); return; }
  console.log(`${s.file} (${s.format}, ${s.bytes} bytes)`);
  for (var i of s.inputs) console.log(`  input  ${i.name}: ${i.dtype} [${i.shape.join(', ')}]`);
  for (var o of s.outputs) console.log(`  output ${o.name}: ${o.dtype} [${o.shape.join(', ')}]`);
  var total = Object.values(s.ops).reduce((a, b) => a + b, 0);
  console.log(`  ${total} nodes: ` + Object.entries(s.ops).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ×${v}`).join(', '));
  console.log(`  ${s.parameters} parameters (${s.parameterBytes} bytes)` + (s.arenaBytes !== undefined ? `, arena ${s.arenaBytes} bytes` : ''));
  if (s.nodes) {
    console.log(`  ${s.macs} multiply-adds per inference; per node (MACs, weight bytes, activation bytes written):`);
    for (var c of s.nodes) console.log(`    ${c.name} (${c.op}): ${c.macs} MACs, ${c.weightBytes} B weights, ${c.activationBytes} B out`);
  }
  if (s.quantized && s.quantized.length) for (var q of s.quantized) console.log(`  quant ${q.name}: axis ${q.axis}, scale [${q.scale.slice(0, 4).join(', ')}${q.scale.length > 4 ? ', …' : ''}]`);
}
