// Resource limits at build time, after inference: a model that a device could never run (a
// 1e9-element Range, a Conv padded by 2^31) is refused with one line naming the node, rather
// than built into a small file that needs gigabytes or runs for ever.
// - every tensor (activation or constant, in every graph) holds at most `maxBytes`;
// - window geometry (pads, strides, dilations, kernel_shape) stays within MAX_WINDOW.
// The arena as a whole is checked against the same limit once planned (api/build.ts).
import { Graph, Model, Node, describeNode } from '../ir';
import { userError, oneLine } from '../../base/errors';
import * as D from '../../device/dtype';

// Default for devices: 64 MB (a phone WebView holds it; a microcontroller far less). --max-arena raises it.
export var DEFAULT_MAX_ARENA = 64 * 1024 * 1024;
export var MAX_WINDOW = 65535;

var WINDOW_ATTRS = ['pads', 'strides', 'dilations', 'kernel_shape', 'output_padding'];

export function checkLimits(model: Model, maxBytes = DEFAULT_MAX_ARENA): void {
  checkGraph(model, model.graph, maxBytes);
}

function human(n: number): string {
  return n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + ' MB' : n + ' bytes';
}

function checkGraph(model: Model, g: Graph, maxBytes: number): void {
  var producer: Record<string, Node> = Object.create(null);
  for (var node of g.nodes) {
    for (var o of node.outputs) if (o) producer[o] = node;
    for (var k of Object.keys(node.attrs)) {
      var a = node.attrs[k];
      if (a.type === 'graph') checkGraph(model, a.value, maxBytes);
      if (a.type === 'graphs') for (var sg of a.value) checkGraph(model, sg, maxBytes);
    }
  }
  for (var v of g.values.values()) {
    if (!v.shape || !v.shape.every(d => typeof d === 'number')) continue;
    var n = D.sizeOf(v.shape as number[]), bytes = n * Math.max(D.bytesPer(v.dtype), 1);
    if (bytes <= maxBytes) continue;
    var p = producer[v.name];
    userError(`${model.file}: ${p ? describeNode(p) + ': output' : v.data ? 'constant' : 'value'} ${oneLine(v.name)} ` +
      `[${v.shape.join(',')}] needs ${human(bytes)}, more than the ${human(maxBytes)} limit; raise it with --max-arena BYTES if a device can hold it`);
  }
}

/** Window geometry (pads, strides, ...) within what a device loop can take: validateGraph runs it before any infer. */
export function checkWindow(model: Model, node: Node): void {
  if (node.op === 'Pad') return;   // Pad-2's pads attribute may be negative (crops)
  for (var k of WINDOW_ATTRS) {
    var a = Object.prototype.hasOwnProperty.call(node.attrs, k) ? node.attrs[k] : undefined;
    if (!a || a.type !== 'ints') continue;
    var min = k === 'strides' || k === 'dilations' || k === 'kernel_shape' ? 1 : 0;
    for (var x of a.value as number[]) {
      if (!(x >= min && x <= MAX_WINDOW))
        userError(`${model.file}: ${describeNode(node)}: ${k} [${a.value.join(',')}] must be whole numbers in [${min}, ${MAX_WINDOW}]`);
    }
  }
}

// The planned arena, after emit: within the same limit as any one tensor.
export function checkArena(model: Model, arenaBytes: number, maxBytes = DEFAULT_MAX_ARENA): void {
  if (arenaBytes > maxBytes)
    userError(`${model.file}: the planned arena needs ${arenaBytes} bytes, more than the ${maxBytes}-byte limit; raise it with --max-arena BYTES if a device can hold it`);
}
