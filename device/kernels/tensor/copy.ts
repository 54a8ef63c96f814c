// Ops that only relabel the shape (Reshape, Flatten, Squeeze, Identity...) copy their input.
import { Node } from '../contract';

export function copyPrepare(node: Node) {
  var x = node.inputs[0]!.data, y = node.outputs[0].data;
  // The planner lets the output share the input's memory; then there is nothing to copy.
  if (x.byteOffset === y.byteOffset && x.length && sameBytes(x, y)) return function () {};
  return function () { y.set(x); };
}

// Whether two views start at the same byte of one buffer. Not `a.buffer === b.buffer`: Espruino
// compares ArrayBuffers by content (two zeroed arena banks are "equal"), and copies them to do it.
// So flip a byte of b (the output: arena, writable) and see whether a sees it.
function sameBytes(a: { buffer: ArrayBufferLike; byteOffset: number }, b: { buffer: ArrayBufferLike; byteOffset: number }) {
  var pa = new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, 1), pb = new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, 1);
  var v = pb[0], same: boolean;
  pb[0] = v ^ 255;
  same = pa[0] === pb[0];
  pb[0] = v;
  return same;
}
