// Numeric key -> position tables for LabelEncoder and OneHotEncoder without Map (ES5 devices):
// keys sorted once at load, binary search per lookup. A repeated key keeps its last position
// (as a dict built in order does); a NaN key matches NaN inputs.
export interface Lookup { keys: Float64Array; pos: Int32Array; nanPos: number }

export function makeLookup(keys: ArrayLike<number>): Lookup {
  var order: number[] = [], nanPos = -1;
  for (var i = 0; i < keys.length; i++) {
    if (keys[i] !== keys[i]) nanPos = i;
    else order.push(i);
  }
  // Stable by key, then by position, so the last of equal keys is found by the search below.
  order.sort(function (a, b) { return keys[a] - keys[b] || a - b; });
  var L: Lookup = { keys: new Float64Array(order.length), pos: new Int32Array(order.length), nanPos: nanPos };
  for (var i = 0; i < order.length; i++) { L.keys[i] = keys[order[i]]; L.pos[i] = order[i]; }
  return L;
}

// Position of v's key, or -1.
export function lookup(L: Lookup, v: number): number {
  if (v !== v) return L.nanPos;
  var keys = L.keys, lo = 0, hi = keys.length - 1, hit = -1;
  while (lo <= hi) {   // last index whose key is <= v
    var mid = (lo + hi) >> 1;
    if (keys[mid] <= v) { hit = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return hit >= 0 && keys[hit] === v ? L.pos[hit] : -1;
}
