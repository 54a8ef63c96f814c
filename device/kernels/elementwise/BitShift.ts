import { Node, fail } from '../contract';
import { Meta } from '../infer';
import { binaryOp, inferBinary } from './binaryOps';

export var meta: Meta = { op: 'BitShift', domain: '', since: 11, dtypes: ['uint8', 'uint16', 'uint32'] };
export var infer = inferBinary();
// Shifts of 32 or more clear the value (JS would take the count mod 32). Narrower types drop
// the bits shifted past their width on store.
var left = binaryOp(function (a, b) { return b > 31 ? 0 : a << b; });
var right = binaryOp(function (a, b) { return b > 31 ? 0 : a >>> b; });
export function prepare(node: Node) {
  var d = node.attrs.direction;
  if (d === 'LEFT') return left(node);
  if (d === 'RIGHT') return right(node);
  return fail("direction must be 'LEFT' or 'RIGHT', not '" + d + "'");
}
